package dev.belay.core;

import dev.belay.core.fakes.FakeOrchestrator;
import dev.belay.core.fakes.FakeRunner;
import dev.belay.core.fakes.FakeTicker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The fakes wired to a Robot, plus what the robot told its listener and its session control. */
final class Fixture {

    static final Duration INTERVAL = Duration.ofSeconds(10);
    static final Duration GRACE = Duration.ofSeconds(30);
    static final RobotIdentity IDENTITY = new RobotIdentity("ROBOT-01", "10.0.0.7", "AA-BB-CC-DD-EE-FF");

    final FakeTicker ticker = new FakeTicker();
    final FakeOrchestrator orchestrator = new FakeOrchestrator(ticker);
    final FakeRunner runner = new FakeRunner(ticker);
    final List<RobotEvent> events = new ArrayList<>();
    final AtomicInteger logoffs = new AtomicInteger();
    final Path stateDir;
    RetryBackoff retry = new RetryBackoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), Duration.ofMinutes(5));

    Fixture(Path stateDir) {
        this.stateDir = stateDir;
    }

    Robot.Builder builder() {
        return Robot.builder()
                .client(orchestrator)
                .runner(runner)
                .identity(IDENTITY)
                .scriptsDir(stateDir.resolveSibling("scripts"))
                .stateDir(stateDir)
                .robotGuid("robot-guid-secret")
                .orchestratorUrl("http://orch.test")
                .heartbeatInterval(INTERVAL)
                .stopGrace(GRACE)
                .outboxRetry(retry)
                .ticker(ticker)
                .sessionControl(logoffs::incrementAndGet)
                .listener(events::add);
    }

    Robot robot() {
        return builder().build();
    }

    RunSummary run() {
        return robot().run();
    }

    <T extends RobotEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The labels of the states the robot went through, starting with RECOVERING. */
    List<String> states() {
        List<String> labels = new ArrayList<>();
        labels.add("RECOVERING");
        events(RobotEvent.StateChanged.class).forEach(e -> labels.add(e.to().label()));
        return labels;
    }
}
