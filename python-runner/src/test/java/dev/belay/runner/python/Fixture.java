package dev.belay.runner.python;

import dev.belay.runner.OutputListener;
import dev.belay.runner.RunnerOptions;
import dev.belay.runner.ScriptLaunch;
import dev.belay.runner.ScriptResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** A scripts folder with the test fixtures, a job folder, a runner, and bounded waits. */
final class Fixture {

    /** The real interpreter behind python3 (pyenv shims cost ~0.3 s per start), or the one asked for. */
    static final String PYTHON = realPython();

    final Path root;
    final Path scriptsDir;
    final Path jobDir;
    final CPythonRunner runner;

    Fixture(Path tempDir) {
        this(tempDir, RunnerOptions.withInterpreter(List.of(PYTHON)));
    }

    Fixture(Path tempDir, RunnerOptions options) {
        try {
            root = tempDir;
            scriptsDir = Files.createDirectories(tempDir.resolve("scripts"));
            jobDir = tempDir.resolve("job");
            copyFixtures(scriptsDir);
            Map<String, String> props = new java.util.HashMap<>(options.properties());
            props.putIfAbsent(CPythonRunner.CACHE_DIR, tempDir.resolve("cache").toString());
            runner = new CPythonRunner(new RunnerOptions(options.interpreterCommand(), props));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every script a test started; {@link AbortLeftovers} aborts them after each test, passed or failed. */
    static final List<dev.belay.runner.RunningScript> STARTED = new CopyOnWriteArrayList<>();

    dev.belay.runner.RunningScript start(ScriptLaunch launch, OutputListener listener) {
        dev.belay.runner.RunningScript s = runner.start(launch, listener);
        STARTED.add(s);
        return s;
    }

    ScriptLaunch launch(String scriptName) {
        return launch(scriptName, "");
    }

    ScriptLaunch launch(String scriptName, String taskJson) {
        return new ScriptLaunch(scriptsDir, scriptName, "job-0001", "pv-0002", "task-0003", taskJson,
                "robot-secret-0004", "https://orch.example:443", jobDir, root.resolve("settings.txt"));
    }

    /** Collects every line; tests read them while the script runs. */
    static final class Lines implements OutputListener {
        final List<String> stdout = new CopyOnWriteArrayList<>();
        final List<String> stderr = new CopyOnWriteArrayList<>();
        final List<Instant> times = new CopyOnWriteArrayList<>();

        @Override
        public void onLine(Stream stream, Instant at, String line) {
            (stream == Stream.STDOUT ? stdout : stderr).add(line);
            times.add(at);
        }

        /** The value of the first stdout line {@code KEY=value}. */
        Optional<String> value(String key) {
            return stdout.stream().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1)).findFirst();
        }

        List<String> startingWith(String prefix) {
            List<String> found = new ArrayList<>();
            for (String l : stdout) {
                if (l.startsWith(prefix)) {
                    found.add(l);
                }
            }
            return found;
        }
    }

    static ScriptResult await(dev.belay.runner.RunningScript script) {
        try {
            return script.completion().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the script did not complete within 60 s", e);
        }
    }

    /** Polls until the condition holds; fails after the deadline. No fixed sleeps in the tests. */
    static void awaitTrue(String what, Duration deadline, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("timed out after " + deadline + " waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** True if /proc shows the process and it is not a zombie: checked from the kernel, not from the runner. */
    static boolean aliveInProc(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.ISO_8859_1);
            char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    /** The session id /proc reports for a process. */
    static long sessionInProc(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.ISO_8859_1);
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3]);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void copyFixtures(Path target) throws IOException {
        URL url = Fixture.class.getResource("/fixtures");
        Path source;
        try {
            source = Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path dest = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
    }

    private static String realPython() {
        // -Dbelay.test.python=/path/to/python3.9 runs the suite against another interpreter.
        String chosen = System.getProperty("belay.test.python");
        if (chosen != null && !chosen.isBlank()) {
            return chosen;
        }
        try {
            Process p = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)").redirectErrorStream(true).start();
            try (InputStream in = p.getInputStream()) {
                String out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
                p.waitFor();
                return p.exitValue() == 0 && !out.isEmpty() ? out : "python3";
            }
        } catch (IOException e) {
            return "python3";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "python3";
        }
    }
}
