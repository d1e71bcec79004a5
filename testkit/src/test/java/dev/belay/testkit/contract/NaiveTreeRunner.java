package dev.belay.testkit.contract;

import dev.belay.runner.OutputListener;
import dev.belay.runner.ProcessStamp;
import dev.belay.runner.RunningScript;
import dev.belay.runner.ScriptLaunch;
import dev.belay.runner.ScriptResult;
import dev.belay.runner.ScriptRunner;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A broken runner, written from scratch: right about names, launch, output and stop, but it only ever
 * knows the script's own process. Abort kills that process alone and nothing is cleaned up after an
 * exit, the classic bug this project exists to avoid. The contract must catch it from {@code /proc}.
 */
final class NaiveTreeRunner implements ScriptRunner {

    private static final int LIMIT = 64 * 1024;
    private static final Set<String> RESERVED = Set.of("CON", "PRN", "AUX", "NUL",
            "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

    @Override
    public String id() {
        return "naive-tree";
    }

    @Override
    public RunningScript start(ScriptLaunch launch, OutputListener listener) {
        long started = System.nanoTime();
        Object resolved = resolve(launch.scriptsDir(), launch.scriptName());
        if (resolved instanceof String reason) {
            return new Refused(new ScriptResult.FailedToStart(reason, Duration.ofNanos(System.nanoTime() - started)));
        }
        try {
            Files.write(launch.taskFile(), launch.taskJson().getBytes(StandardCharsets.UTF_8));
            String arg = launch.processVersionGuid() + "|" + launch.jobGuid() + "|" + launch.taskGuid() + "|"
                    + (launch.settingsFile() == null ? "" : launch.settingsFile());
            ProcessBuilder pb = new ProcessBuilder(Python.executable(), resolved.toString(), arg).directory(launch.scriptsDir().toFile());
            pb.environment().put("ROBOT_GUID", launch.robotGuid());
            pb.environment().put("ROBOT_ORCHESTRATOR_URL", launch.orchestratorUrl());
            pb.environment().put("ROBOT_JOB_GUID", launch.jobGuid());
            pb.environment().put("ROBOT_PROCESS_VERSION_GUID", launch.processVersionGuid());
            pb.environment().put("ROBOT_TASK_FILE", launch.taskFile().toString());
            pb.environment().put("ROBOT_STOP_FILE", launch.stopFile().toString());
            pb.environment().put("PYTHONUNBUFFERED", "1");
            pb.environment().put("PYTHONIOENCODING", "utf-8");
            return new Running(pb.start(), launch, listener, started);
        } catch (IOException e) {
            return new Refused(new ScriptResult.FailedToStart("cannot start: " + e, Duration.ofNanos(System.nanoTime() - started)));
        }
    }

    /** The resolved script path, or the reason the name is refused. */
    static Object resolve(Path scriptsDir, String name) {
        if (name.isBlank()) {
            return "empty script name";
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "control character in the script name";
        }
        if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
            return "absolute, UNC or drive path";
        }
        String[] parts = name.split("[\\\\/]", -1);
        for (String part : parts) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return "empty, '.' or '..' path segment";
            }
            if (part.endsWith(".") || part.endsWith(" ")) {
                return "trailing dot or space";
            }
            String base = part.contains(".") ? part.substring(0, part.indexOf('.')) : part;
            if (RESERVED.contains(base.toUpperCase(Locale.ROOT))) {
                return "reserved device name";
            }
        }
        String relative = String.join("/", parts);
        if (!relative.toLowerCase(Locale.ROOT).endsWith(".py")) {
            relative += ".py";
        }
        Path p = scriptsDir.resolve(relative);
        try {
            if (!Files.isRegularFile(p)) {
                return "script not found: " + relative;
            }
            if (!p.toRealPath().startsWith(scriptsDir.toRealPath())) {
                return "script leads outside the scripts folder";
            }
        } catch (IOException e) {
            return "cannot resolve: " + e;
        }
        return p;
    }

    private record Refused(ScriptResult result) implements RunningScript {
        @Override
        public Optional<ProcessStamp> process() {
            return Optional.empty();
        }

        @Override
        public CompletionStage<ScriptResult> completion() {
            return CompletableFuture.completedFuture(result);
        }

        @Override
        public void requestStop(Duration grace) {
        }

        @Override
        public void abort() {
        }
    }

    private static final class Running implements RunningScript {
        private final Process process;
        private final ScriptLaunch launch;
        private final long started;
        private final CompletableFuture<ScriptResult> done = new CompletableFuture<>();
        private final AtomicBoolean stopRequested = new AtomicBoolean();
        private volatile boolean aborted;
        private volatile boolean graceRanOut;
        private final Writer log;

        Running(Process process, ScriptLaunch launch, OutputListener listener, long started) throws IOException {
            this.process = process;
            this.launch = launch;
            this.started = started;
            this.log = Files.newBufferedWriter(launch.outputLog(), StandardCharsets.UTF_8);
            Thread out = reader(process.getInputStream(), OutputListener.Stream.STDOUT, listener);
            Thread err = reader(process.getErrorStream(), OutputListener.Stream.STDERR, listener);
            process.onExit().thenRun(() -> {
                try {
                    // Naive but not hung: give the readers 2 s, then complete regardless.
                    out.join(2000);
                    err.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                synchronized (log) {
                    try {
                        log.close();
                    } catch (IOException ignored) {
                        // best effort
                    }
                }
                Duration d = Duration.ofNanos(System.nanoTime() - started);
                int code = process.exitValue();
                ScriptResult r = aborted ? new ScriptResult.Aborted(d, 0)
                        : graceRanOut ? new ScriptResult.AbortedAfterGrace(d, 0)
                        : stopRequested.get() ? new ScriptResult.Stopped(code, d, 0)
                        : new ScriptResult.Exited(code, d, 0);
                done.complete(r);
            });
        }

        private Thread reader(InputStream in, OutputListener.Stream stream, OutputListener listener) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[8192];
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                boolean skipping = false;
                try (in) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        for (int i = 0; i < n; i++) {
                            byte b = buf[i];
                            if (b == '\n') {
                                if (!skipping) {
                                    emit(stream, listener, line.toString(StandardCharsets.UTF_8).replaceFirst("\r$", ""));
                                }
                                line.reset();
                                skipping = false;
                            } else if (!skipping) {
                                line.write(b);
                                if (line.size() >= LIMIT) {
                                    emit(stream, listener, line.toString(StandardCharsets.UTF_8) + " [line cut at 64 KiB]");
                                    line.reset();
                                    skipping = true;
                                }
                            }
                        }
                    }
                    if (line.size() > 0 && !skipping) {
                        emit(stream, listener, line.toString(StandardCharsets.UTF_8));
                    }
                } catch (IOException ignored) {
                    // the process is gone
                }
            }, "naive-" + stream);
            t.setDaemon(true);
            t.start();
            return t;
        }

        private void emit(OutputListener.Stream stream, OutputListener listener, String text) {
            listener.onLine(stream, Instant.now(), text);
            synchronized (log) {
                try {
                    log.write(stream + " " + text + "\n");
                } catch (IOException ignored) {
                    // closed after completion
                }
            }
        }

        @Override
        public Optional<ProcessStamp> process() {
            return ProcessStamp.of(process.toHandle());
        }

        @Override
        public CompletionStage<ScriptResult> completion() {
            return done;
        }

        @Override
        public void requestStop(Duration grace) {
            if (done.isDone() || !process.isAlive() || !stopRequested.compareAndSet(false, true)) {
                return;
            }
            try {
                Files.writeString(launch.stopFile(), "stop");
                new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                // the stop file alone must do
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            CompletableFuture.delayedExecutor(grace.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
                if (process.isAlive()) {
                    graceRanOut = true;
                    process.destroyForcibly();
                }
            });
        }

        @Override
        public void abort() {
            if (process.isAlive()) {
                aborted = true;
                process.destroyForcibly(); // the script alone: its children live on, the bug under test
            }
        }
    }

}
