package dev.belay.core.fakes;

import dev.belay.runner.OutputListener;
import dev.belay.runner.ProcessStamp;
import dev.belay.runner.RunningScript;
import dev.belay.runner.ScriptLaunch;
import dev.belay.runner.ScriptResult;
import dev.belay.runner.ScriptRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A script runner on fake time: each script name has a {@link Behaviour}; completions are scheduled on
 * the {@link FakeTicker}, so they happen exactly when the behaviour says, on the loop's own thread.
 * {@link #reclaim} is the SPI's default (the real JDK process-tree kill) and is recorded.
 */
public final class FakeRunner implements ScriptRunner {

    /**
     * @param runsFor   time until it exits on its own; null = never
     * @param exitCode  its exit code when it does
     * @param stopTakes time it needs to end after a stop request; null = ignores stop requests
     * @param failToStart non-null: the start fails with this reason
     */
    public record Behaviour(Duration runsFor, int exitCode, Duration stopTakes, String failToStart) {
        public static Behaviour exits(Duration after, int code) {
            return new Behaviour(after, code, Duration.ofSeconds(1), null);
        }

        public static Behaviour runsForever() {
            return new Behaviour(null, 0, Duration.ofSeconds(1), null);
        }

        public static Behaviour ignoresStop() {
            return new Behaviour(null, 0, null, null);
        }

        public static Behaviour stopsAfter(Duration stopTakes) {
            return new Behaviour(null, 0, stopTakes, null);
        }

        public static Behaviour failsToStart(String reason) {
            return new Behaviour(null, 0, null, reason);
        }
    }

    private final FakeTicker ticker;
    private final Map<String, Behaviour> behaviours = new HashMap<>();
    private Behaviour defaultBehaviour = Behaviour.exits(Duration.ofSeconds(25), 0);
    private final List<FakeScript> started = new ArrayList<>();
    private final List<ProcessStamp> reclaimed = new ArrayList<>();
    private Supplier<ProcessStamp> stamps;
    private long nextPid = 40_000;

    public FakeRunner(FakeTicker ticker) {
        this.ticker = ticker;
    }

    public FakeRunner behave(String scriptName, Behaviour b) {
        behaviours.put(scriptName, b);
        return this;
    }

    public FakeRunner byDefault(Behaviour b) {
        defaultBehaviour = b;
        return this;
    }

    /** Report this stamp (e.g. of a real process) as the script's process instead of a made-up one. */
    public FakeRunner stamps(Supplier<ProcessStamp> stamps) {
        this.stamps = stamps;
        return this;
    }

    public List<FakeScript> started() {
        return List.copyOf(started);
    }

    public List<ProcessStamp> reclaimed() {
        return List.copyOf(reclaimed);
    }

    @Override
    public String id() {
        return "fake";
    }

    @Override
    public RunningScript start(ScriptLaunch launch, OutputListener listener) {
        Behaviour b = behaviours.getOrDefault(launch.scriptName(), defaultBehaviour);
        FakeScript s = new FakeScript(launch, b, ticker.now(),
                stamps != null ? stamps.get() : new ProcessStamp(nextPid++, ticker.now()));
        started.add(s);
        s.begin(listener);
        return s;
    }

    @Override
    public int reclaim(ProcessStamp stamp) {
        reclaimed.add(stamp);
        return ScriptRunner.super.reclaim(stamp);
    }

    /** One fake script; the test can read what was asked of it. */
    public final class FakeScript implements RunningScript {
        private final ScriptLaunch launch;
        private final Behaviour behaviour;
        private final Instant startedAt;
        private final ProcessStamp stamp;
        private final CompletableFuture<ScriptResult> completion = new CompletableFuture<>();
        private Instant stopRequestedAt;
        private Duration grace;
        private Instant abortedAt;

        FakeScript(ScriptLaunch launch, Behaviour behaviour, Instant startedAt, ProcessStamp stamp) {
            this.launch = launch;
            this.behaviour = behaviour;
            this.startedAt = startedAt;
            this.stamp = stamp;
        }

        void begin(OutputListener listener) {
            if (behaviour.failToStart() != null) {
                completion.complete(new ScriptResult.FailedToStart(behaviour.failToStart(), Duration.ZERO));
                return;
            }
            listener.onLine(OutputListener.Stream.STDOUT, startedAt, "hello from " + launch.scriptName());
            if (behaviour.runsFor() != null) {
                ticker.scheduleIn(behaviour.runsFor(), () -> finish(stopRequestedAt != null
                        ? new ScriptResult.Stopped(behaviour.exitCode(), elapsed(), 0)
                        : new ScriptResult.Exited(behaviour.exitCode(), elapsed(), 0)));
            }
        }

        private Duration elapsed() {
            return Duration.between(startedAt, ticker.now());
        }

        private void finish(ScriptResult r) {
            completion.complete(r);
        }

        public ScriptLaunch launch() {
            return launch;
        }

        public Instant stopRequestedAt() {
            return stopRequestedAt;
        }

        public Duration grace() {
            return grace;
        }

        public Instant abortedAt() {
            return abortedAt;
        }

        @Override
        public java.util.Optional<ProcessStamp> process() {
            return behaviour.failToStart() != null ? java.util.Optional.empty() : java.util.Optional.of(stamp);
        }

        @Override
        public CompletionStage<ScriptResult> completion() {
            return completion;
        }

        @Override
        public void requestStop(Duration grace) {
            if (completion.isDone() || stopRequestedAt != null) {
                return;
            }
            stopRequestedAt = ticker.now();
            this.grace = grace;
            Duration takes = behaviour.stopTakes();
            if (takes != null && takes.compareTo(grace) < 0) {
                ticker.scheduleIn(takes, () -> finish(new ScriptResult.Stopped(130, elapsed(), 0)));
            } else {
                ticker.scheduleIn(grace, () -> finish(new ScriptResult.AbortedAfterGrace(elapsed(), 0)));
            }
        }

        @Override
        public void abort() {
            if (completion.isDone()) {
                return;
            }
            abortedAt = ticker.now();
            finish(new ScriptResult.Aborted(elapsed(), 0));
        }
    }
}
