package dev.belay.runner.python.internal;

import dev.belay.runner.OutputListener;
import dev.belay.runner.ProcessStamp;
import dev.belay.runner.RunningScript;
import dev.belay.runner.ScriptResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One started script. State lives in one place, guarded by one lock: what was asked of the script
 * ({@link Request}) and whether its process has exited. The first of "exited" and "asked" decides the
 * result; everything after is harmless. The process's exit is watched by a dedicated thread that
 * kills the leftovers, waits (boundedly) for the output to drain, and completes the result once.
 */
public final class CPythonScript implements RunningScript {

    /**
     * After the script's own process exits and its leftovers are killed (at most 1 s), output is drained at
     * most this long: the job completes within 3 s of the exit even if an unknown process holds the pipes.
     */
    static final Duration DRAIN_LIMIT = Duration.ofMillis(1500);

    private static final Logger log = LoggerFactory.getLogger(CPythonScript.class);

    private enum Request { NONE, STOP, ABORT, ABORT_AFTER_GRACE }

    private final Object lock = new Object();
    private final CompletableFuture<ScriptResult> result = new CompletableFuture<>();
    private final long startNanos;
    private final Process process;
    private final ProcessStamp stamp;
    private final ProcessGroup group;
    private final OutputPump stdout;
    private final OutputPump stderr;
    private final OutputLog outputLog;
    private final Path stopFile;
    private final ScheduledExecutorService timers;
    private final Runnable onExit;

    private Request request = Request.NONE;
    private boolean exited;
    private ScheduledFuture<?> graceTimer;

    /** A script that never started. */
    public static RunningScript failedToStart(String reason, Duration duration) {
        return new Failed(new ScriptResult.FailedToStart(reason, duration));
    }

    private CPythonScript(Process process, ProcessGroup group, OutputPump stdout, OutputPump stderr, OutputLog outputLog,
                          Path stopFile, ScheduledExecutorService timers, long startNanos, Runnable onExit) {
        this.process = process;
        this.stamp = ProcessStamp.of(process.toHandle()).orElse(null);
        this.group = group;
        this.stdout = stdout;
        this.stderr = stderr;
        this.outputLog = outputLog;
        this.stopFile = stopFile;
        this.timers = timers;
        this.startNanos = startNanos;
        this.onExit = onExit;
    }

    /**
     * Takes over a process just started with the bootstrap: drains its output at once, groups it, then
     * lets the bootstrap run the script ("go"). If it cannot be grouped it is killed before any user
     * code ran, and the result is failed-to-start.
     *
     * @param onExit runs on the exit watcher the moment the script's own process has exited, before its
     *               leftovers are looked for and its result completes (the runner starts the next
     *               interpreter there); it must not block
     */
    public static RunningScript takeOver(Process process, String runMarker, Path outputLogFile, Path stopFile,
                                         OutputListener listener, ScheduledExecutorService timers, Clock clock,
                                         long startNanos, Runnable onExit) {
        OutputLog outputLog = new OutputLog(outputLogFile);
        OutputPump out = pump(process, OutputListener.Stream.STDOUT, outputLog, listener, clock);
        OutputPump err = pump(process, OutputListener.Stream.STDERR, outputLog, listener, clock);
        ProcessGroup group;
        try {
            group = ProcessGroup.forProcess(process, runMarker);
        } catch (IOException e) {
            process.destroyForcibly();
            out.detach();
            err.detach();
            outputLog.close();
            return failedToStart("cannot put the script's process in a group of its own: " + e.getMessage(),
                    Duration.ofNanos(System.nanoTime() - startNanos));
        }
        return begin(new CPythonScript(process, group, out, err, outputLog, stopFile, timers, startNanos, onExit), "go");
    }

    /**
     * Takes over an interpreter started ahead ({@link Standby}, already grouped): drains its output from
     * now on and hands it its job ({@code jobLine}, the bootstrap's "job" command).
     */
    public static RunningScript takeOver(Standby standby, String jobLine, Path outputLogFile, Path stopFile,
                                         OutputListener listener, ScheduledExecutorService timers, Clock clock,
                                         long startNanos, Runnable onExit) {
        Process process = standby.process();
        OutputLog outputLog = new OutputLog(outputLogFile);
        OutputPump out = pump(process, OutputListener.Stream.STDOUT, outputLog, listener, clock);
        OutputPump err = pump(process, OutputListener.Stream.STDERR, outputLog, listener, clock);
        return begin(new CPythonScript(process, standby.group(), out, err, outputLog, stopFile, timers, startNanos, onExit),
                jobLine);
    }

    /** Drains one stream of the process from now on, on a thread of its own. */
    private static OutputPump pump(Process process, OutputListener.Stream stream, OutputLog outputLog,
                                   OutputListener listener, Clock clock) {
        boolean stdout = stream == OutputListener.Stream.STDOUT;
        return new OutputPump(stdout ? process.getInputStream() : process.getErrorStream(), stream, outputLog.stream(stream),
                listener, clock).start("belay-script-" + process.pid() + (stdout ? "-stdout" : "-stderr"));
    }

    private static RunningScript begin(CPythonScript script, String firstLine) {
        script.send(firstLine);
        Thread watcher = new Thread(script::watch, "belay-script-" + script.process.pid() + "-exit");
        watcher.setDaemon(true);
        watcher.start();
        return script;
    }

    @Override
    public Optional<ProcessStamp> process() {
        return Optional.ofNullable(stamp);
    }

    @Override
    public CompletionStage<ScriptResult> completion() {
        return result.minimalCompletionStage();
    }

    @Override
    public void requestStop(Duration grace) {
        java.util.Objects.requireNonNull(grace, "grace");
        synchronized (lock) {
            if (exited || request != Request.NONE) {
                return;
            }
            request = Request.STOP;
        }
        log.info("graceful stop requested for script pid {} (grace {})", process.pid(), grace);
        try {
            Files.createFile(stopFile);
        } catch (FileAlreadyExistsException e) {
            // already there: fine
        } catch (IOException e) {
            log.warn("cannot create the stop file {}; the signal still goes out", stopFile, e);
        }
        send("stop");
        ScheduledFuture<?> timer = timers.schedule(this::graceOver, Math.max(0, grace.toNanos()), TimeUnit.NANOSECONDS);
        synchronized (lock) {
            graceTimer = timer;
        }
    }

    private void graceOver() {
        synchronized (lock) {
            if (exited || request != Request.STOP) {
                return;
            }
            request = Request.ABORT_AFTER_GRACE;
        }
        log.warn("script pid {} did not stop within its grace; aborting it", process.pid());
        group.killAll();
    }

    @Override
    public void abort() {
        synchronized (lock) {
            if (exited || request == Request.ABORT || request == Request.ABORT_AFTER_GRACE) {
                return;
            }
            request = Request.ABORT;
        }
        log.info("aborting script pid {} and every process it started", process.pid());
        group.killAll();
    }

    /** Runs on the watcher thread: waits for the script's own process, then finishes the job exactly once. */
    private void watch() {
        int exitCode = -1;
        Request asked = Request.NONE;
        int leftovers = 0;
        try {
            exitCode = waitForExit();
            synchronized (lock) {
                exited = true;
                asked = request;
                if (graceTimer != null) {
                    graceTimer.cancel(false);
                }
            }
            try {
                onExit.run();
            } catch (RuntimeException e) {
                log.debug("after script pid {} exited: {}", process.pid(), e.toString());
            }
            // Whatever the script left behind dies now; that also releases pipes a grandchild held.
            leftovers = group.killAll();
            drainOutput();
        } catch (RuntimeException | Error e) {
            log.error("unexpected failure while finishing script pid {}", process.pid(), e);
        } finally {
            closeQuietly();
            Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
            result.complete(resultFor(asked, exitCode, duration, leftovers));
        }
    }

    private static ScriptResult resultFor(Request asked, int exitCode, Duration duration, int leftovers) {
        switch (asked) {
            case STOP:
                return new ScriptResult.Stopped(exitCode, duration, leftovers);
            case ABORT:
                return new ScriptResult.Aborted(duration, leftovers);
            case ABORT_AFTER_GRACE:
                return new ScriptResult.AbortedAfterGrace(duration, leftovers);
            default:
                return new ScriptResult.Exited(exitCode, duration, leftovers);
        }
    }

    private int waitForExit() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return process.waitFor();
                } catch (InterruptedException e) {
                    interrupted = true; // this thread is ours; finishing the job matters more
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits for both streams to end, at most {@link #DRAIN_LIMIT} in all, then lets go of them. */
    private void drainOutput() {
        long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
        boolean ended = true;
        for (OutputPump pump : new OutputPump[] {stdout, stderr}) {
            try {
                ended &= pump.awaitEnd(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ended = false;
            }
        }
        if (!ended) {
            log.warn("output of script pid {} still open {} ms after it exited (an unknown process holds the pipe); "
                    + "completing without the rest", process.pid(), DRAIN_LIMIT.toMillis());
            stdout.detach();
            stderr.detach();
        }
    }

    private void closeQuietly() {
        outputLog.close();
        group.close();
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // the bootstrap is gone; nothing to tell it
        }
    }

    /** A line on the bootstrap's control channel; a dead bootstrap is not an error. */
    private void send(String command) {
        OutputStream control = process.getOutputStream();
        synchronized (control) {
            try {
                control.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
                control.flush();
            } catch (IOException e) {
                log.debug("script pid {} no longer reads its control channel: {}", process.pid(), e.toString());
            }
        }
    }

    /** The result of a script that never ran. */
    private static final class Failed implements RunningScript {
        private final CompletableFuture<ScriptResult> result;

        Failed(ScriptResult.FailedToStart failed) {
            this.result = CompletableFuture.completedFuture(failed);
        }

        @Override
        public Optional<ProcessStamp> process() {
            return Optional.empty();
        }

        @Override
        public CompletionStage<ScriptResult> completion() {
            return result.minimalCompletionStage();
        }

        @Override
        public void requestStop(Duration grace) {
        }

        @Override
        public void abort() {
        }
    }
}
