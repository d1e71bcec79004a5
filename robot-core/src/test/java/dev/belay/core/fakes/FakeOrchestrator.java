package dev.belay.core.fakes;

import dev.belay.client.ConsumeReply;
import dev.belay.client.Heartbeat;
import dev.belay.client.HeartbeatReply;
import dev.belay.client.JobAssignment;
import dev.belay.client.JobStatus;
import dev.belay.client.OrchestratorClient;
import dev.belay.client.RobotStatus;
import dev.belay.core.Ticker;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * An in-memory orchestrator: a queue of jobs, replies computed from it, every call recorded with the
 * fake time. Tests change single answers through the hooks; a hook may also throw (a failed call).
 */
public final class FakeOrchestrator implements OrchestratorClient {

    public enum Kind { HEARTBEAT, CONSUME, UPDATE }

    /** One recorded call. {@code robotStatus} for heartbeats; {@code jobStatus} for updates. */
    public record Call(Instant at, Kind kind, RobotStatus robotStatus, String jobGuid, String jobName, JobStatus jobStatus) {
        /** Short form for sequence assertions: {@code HB2}, {@code HB3}, {@code CONSUME}, {@code UPDATE8}. */
        public String code() {
            switch (kind) {
                case HEARTBEAT:
                    return "HB" + robotStatus.code();
                case CONSUME:
                    return "CONSUME";
                default:
                    return "UPDATE" + jobStatus.code();
            }
        }
    }

    @FunctionalInterface
    public interface HeartbeatHook {
        /** @param n 1-based index of this heartbeat; {@code normal} is what the fake would answer */
        HeartbeatReply reply(Heartbeat hb, int n, HeartbeatReply normal);
    }

    @FunctionalInterface
    public interface ConsumeHook {
        ConsumeReply reply(int n, ConsumeReply normal);
    }

    @FunctionalInterface
    public interface UpdateHook {
        /** Throw to fail the call. */
        void onUpdate(String jobGuid, JobStatus status, int n);
    }

    private final Ticker ticker;
    private final Deque<JobAssignment> jobs = new ArrayDeque<>();
    private final List<Call> calls = new ArrayList<>();
    private HeartbeatHook heartbeatHook = (hb, n, normal) -> normal;
    private ConsumeHook consumeHook = (n, normal) -> normal;
    private UpdateHook updateHook = (g, s, n) -> { };
    private int heartbeats;
    private int consumes;
    private int updates;

    public FakeOrchestrator(Ticker ticker) {
        this.ticker = ticker;
    }

    public FakeOrchestrator addJob(String jobGuid, String scriptName) {
        jobs.add(new JobAssignment(jobGuid, "pv-" + jobGuid, scriptName, "", "{\"n\":1}"));
        return this;
    }

    public FakeOrchestrator onHeartbeat(HeartbeatHook hook) {
        this.heartbeatHook = Objects.requireNonNull(hook);
        return this;
    }

    public FakeOrchestrator onConsume(ConsumeHook hook) {
        this.consumeHook = Objects.requireNonNull(hook);
        return this;
    }

    public FakeOrchestrator onUpdate(UpdateHook hook) {
        this.updateHook = Objects.requireNonNull(hook);
        return this;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<String> codes() {
        return calls.stream().map(Call::code).toList();
    }

    public List<Call> heartbeats() {
        return calls.stream().filter(c -> c.kind() == Kind.HEARTBEAT).toList();
    }

    public int jobsLeft() {
        return jobs.size();
    }

    @Override
    public HeartbeatReply heartbeat(Heartbeat hb) {
        calls.add(new Call(ticker.now(), Kind.HEARTBEAT, hb.status(), hb.jobGuid(), hb.jobName(), null));
        HeartbeatReply normal = new HeartbeatReply(0, "", jobs.isEmpty() ? 0 : 1);
        return heartbeatHook.reply(hb, ++heartbeats, normal);
    }

    @Override
    public ConsumeReply consumeNextJob(RobotStatus status) {
        calls.add(new Call(ticker.now(), Kind.CONSUME, status, "", "", null));
        int n = ++consumes;
        ConsumeReply normal = jobs.isEmpty() ? new ConsumeReply(102, "no job", null) : new ConsumeReply(0, "", jobs.peek());
        ConsumeReply reply = consumeHook.reply(n, normal);
        if (reply == normal && reply.job() != null) {
            jobs.poll();
        }
        return reply;
    }

    @Override
    public void updateJob(String jobGuid, JobStatus status) {
        calls.add(new Call(ticker.now(), Kind.UPDATE, null, jobGuid, "", status));
        updateHook.onUpdate(jobGuid, status, ++updates);
    }
}
