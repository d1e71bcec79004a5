package dev.belay.launcher.resilience;

import dev.belay.client.ConsumeReply;
import dev.belay.client.Endpoint;
import dev.belay.client.Heartbeat;
import dev.belay.client.HeartbeatReply;
import dev.belay.client.JobStatus;
import dev.belay.client.OrchestratorClient;
import dev.belay.client.OrchestratorException;
import dev.belay.client.RobotStatus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The real client's stand-in: each endpoint answers from a script of failures, then succeeds (or
 * fails for ever with {@link #alwaysFail}). Records the fake-clock time at which each attempt
 * started, per endpoint.
 */
final class ScriptedClient implements OrchestratorClient {

    static final HeartbeatReply OK_HEARTBEAT = new HeartbeatReply(0, "", 0);
    static final ConsumeReply NO_JOB = new ConsumeReply(102, "no job", null);

    private final FakeClock clock;
    private final Map<Endpoint, Deque<OrchestratorException>> scripts = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, OrchestratorException> forever = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, List<Long>> starts = new EnumMap<>(Endpoint.class);

    ScriptedClient(FakeClock clock) {
        this.clock = clock;
        for (Endpoint endpoint : Endpoint.values()) {
            scripts.put(endpoint, new ArrayDeque<>());
            starts.put(endpoint, new ArrayList<>());
        }
    }

    /** The next calls to the failure's endpoint throw these, in order, then succeed. */
    synchronized ScriptedClient failThen(OrchestratorException... failures) {
        for (OrchestratorException failure : failures) {
            scripts.get(failure.endpoint()).add(failure);
        }
        return this;
    }

    /** Every call to the failure's endpoint throws it (the same instance). */
    synchronized ScriptedClient alwaysFail(OrchestratorException failure) {
        forever.put(failure.endpoint(), failure);
        return this;
    }

    synchronized int attempts(Endpoint endpoint) {
        return starts.get(endpoint).size();
    }

    /** Attempt start times, nanoseconds of the fake clock. */
    synchronized List<Long> starts(Endpoint endpoint) {
        return List.copyOf(starts.get(endpoint));
    }

    private synchronized void answer(Endpoint endpoint) {
        starts.get(endpoint).add(clock.nanoTime());
        OrchestratorException scripted = scripts.get(endpoint).poll();
        if (scripted != null) {
            throw scripted;
        }
        OrchestratorException always = forever.get(endpoint);
        if (always != null) {
            throw always;
        }
    }

    @Override
    public HeartbeatReply heartbeat(Heartbeat heartbeat) {
        answer(Endpoint.HEARTBEAT);
        return OK_HEARTBEAT;
    }

    @Override
    public ConsumeReply consumeNextJob(RobotStatus status) {
        answer(Endpoint.CONSUME_NEXT_JOB);
        return NO_JOB;
    }

    @Override
    public void updateJob(String jobGuid, JobStatus status) {
        answer(Endpoint.UPDATE_JOB);
    }
}
