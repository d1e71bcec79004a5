package dev.belay.client.internal;

import dev.belay.client.ConsumeReply;
import dev.belay.client.Heartbeat;
import dev.belay.client.HeartbeatReply;
import dev.belay.client.JobStatus;
import dev.belay.client.OrchestratorClient;
import dev.belay.client.RobotStatus;

/** The Feign-backed implementation. (Stub: implemented by the client issue.) */
public final class FeignOrchestratorClient implements OrchestratorClient {

    private final ClientSettings settings;

    public FeignOrchestratorClient(ClientSettings settings) {
        this.settings = settings;
    }

    @Override
    public HeartbeatReply heartbeat(Heartbeat heartbeat) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public ConsumeReply consumeNextJob(RobotStatus status) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public void updateJob(String jobGuid, JobStatus status) {
        throw new UnsupportedOperationException("not implemented yet: " + settings.baseUrl());
    }
}
