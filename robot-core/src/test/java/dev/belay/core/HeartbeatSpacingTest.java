package dev.belay.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.belay.client.ConsumeReply;
import dev.belay.client.Endpoint;
import dev.belay.client.HeartbeatReply;
import dev.belay.client.OrchestratorException;
import dev.belay.client.RobotStatus;
import dev.belay.core.fakes.FakeOrchestrator.Call;
import dev.belay.core.fakes.FakeOrchestrator.Kind;
import dev.belay.core.fakes.FakeRunner.Behaviour;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PROTOCOL.md step 4 and issue 4's spacing promise, over a long mixed run: no two heartbeats of any
 * kind closer than the interval, and while a job runs no gap longer than 1.5 x the interval.
 */
class HeartbeatSpacingTest {

    @TempDir
    Path stateDir;

    @Test
    void heartbeatsStaySpacedOverAHundredMixedJobs() {
        Fixture f = new Fixture(stateDir);
        Random random = new Random(42);
        for (int i = 0; i < 100; i++) {
            String script = "script-" + i;
            f.orchestrator.addJob("job-" + i, script);
            // Durations not aligned with the interval, including 0 and sub-second ends.
            Duration runs = Duration.ofMillis(random.nextInt(95_000));
            switch (i % 5) {
                case 0:
                    f.runner.behave(script, Behaviour.exits(runs, random.nextInt(3)));
                    break;
                case 1:
                    f.runner.behave(script, Behaviour.stopsAfter(Duration.ofMillis(random.nextInt(40_000))));
                    break;
                case 2:
                    f.runner.behave(script, Behaviour.ignoresStop());
                    break;
                case 3:
                    f.runner.behave(script, Behaviour.failsToStart("missing"));
                    break;
                default:
                    f.runner.behave(script, Behaviour.exits(Duration.ofMillis(random.nextInt(3_000)), 0));
            }
        }
        // The orchestrator asks for stops and aborts now and then, fails some heartbeats and answers
        // some consumes with 102.
        Random replies = new Random(7);
        f.orchestrator.onHeartbeat((hb, n, normal) -> {
            if (hb.status() != RobotStatus.WORKING) {
                return normal;
            }
            int roll = replies.nextInt(20);
            if (roll == 0) {
                throw new OrchestratorException.NoReply(Endpoint.HEARTBEAT, "read timed out", null);
            }
            if (roll <= 2) {
                return new HeartbeatReply(20, "", 1);
            }
            if (roll == 3) {
                return new HeartbeatReply(10, "", 1);
            }
            return new HeartbeatReply(0, "", 1);
        });
        f.orchestrator.onConsume((n, normal) -> n % 7 == 0 ? new ConsumeReply(102, "", null) : normal);

        RunSummary summary = f.run();

        assertThat(summary.endReason()).isEqualTo(EndReason.NO_JOB_LEFT);
        assertThat(summary.jobs()).hasSize(100).allMatch(JobSummary::delivered);

        Duration interval = Fixture.INTERVAL;
        Duration maxWorkingGap = interval.multipliedBy(3).dividedBy(2);
        List<Call> calls = f.orchestrator.calls();
        List<Call> heartbeats = f.orchestrator.heartbeats();
        assertThat(heartbeats.size()).isGreaterThan(200);

        Duration minGap = null;
        for (int i = 1; i < heartbeats.size(); i++) {
            Duration gap = Duration.between(heartbeats.get(i - 1).at(), heartbeats.get(i).at());
            minGap = minGap == null || gap.compareTo(minGap) < 0 ? gap : minGap;
        }
        assertThat(minGap).as("smallest gap between two heartbeats").isGreaterThanOrEqualTo(interval);

        // While working: from the update to In progress, through every heartbeat, to the final update.
        Instant previous = null;
        Duration maxGap = Duration.ZERO;
        for (Call c : calls) {
            if (c.kind() == Kind.UPDATE && c.jobStatus().code() == 8) {
                previous = c.at();
            } else if (previous != null && (c.kind() == Kind.HEARTBEAT || c.kind() == Kind.UPDATE)) {
                Duration gap = Duration.between(previous, c.at());
                maxGap = gap.compareTo(maxGap) > 0 ? gap : maxGap;
                previous = c.kind() == Kind.UPDATE ? null : c.at();
            }
        }
        assertThat(maxGap).as("largest gap while a job runs").isLessThanOrEqualTo(maxWorkingGap);
    }
}
