package dev.belay.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code belay-launcher.jar} as a child process, started the way the Task Scheduler starts it: a
 * clean environment (no inherited ROBOT_* settings, a private HOME), output captured to files. Copied from
 * the launcher's {@code AgentProcess} and extended: per-run labels, knobs for short timeouts, kill -9.
 */
final class Agent {

    static final Path JAR = Path.of(System.getProperty("belay.launcher.jar", "../launcher/target/belay-launcher.jar"))
            .toAbsolutePath().normalize();
    /** Heartbeat interval of every agent in the suite; the fake checks spacing against it. */
    static final Duration INTERVAL = Duration.ofMillis(200);
    /** The client's read timeout: a fake delay longer than this is "past the read timeout". */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);
    /** The exit codes of the CLI contract (ARCHITECTURE.md). */
    static final List<Integer> DOCUMENTED_EXIT_CODES = List.of(0, 2, 3, 4, 5, 130);

    /**
     * The real interpreter behind {@code python3}: on this machine {@code python3} is a pyenv shim (a bash script
     * that costs a few hundred ms per start on a loaded machine); the agent is told the resolved path instead.
     */
    static final String PYTHON = resolvePython();
    private static volatile List<String> cdsFlags;

    static {
        Report.init();
    }

    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new HashMap<>();
    private final Path dir;

    /** The agent for one case: scripts in {@code dir/scripts}, state in {@code dir/state}, HOME in {@code dir/home}. */
    Agent(Path dir, String orchestratorUrl, String robotGuid) {
        this.dir = dir;
        System.getenv().forEach((k, v) -> {
            if (!k.startsWith("ROBOT_") && !k.equals("APPDATA") && !k.equals("XDG_STATE_HOME") && !k.startsWith("BELAY_")
                    && !k.startsWith("JAVA_TOOL") && !k.equals("_JAVA_OPTIONS")) {
                env.put(k, v);
            }
        });
        env.put("HOME", dir.resolve("home").toString());
        env.put("ROBOT_GUID", robotGuid);
        env.put("ROBOT_RETRY_BUDGET", "2s");
        env.put("ROBOT_READ_TIMEOUT", Durations.ms(READ_TIMEOUT));
        env.put("ROBOT_CONNECT_TIMEOUT", "1s");
        args.addAll(List.of("run", "--python", PYTHON, "--orchestrator", orchestratorUrl, "--scripts-dir", dir.resolve("scripts").toString(),
                "--state-dir", dir.resolve("state").toString(), "--heartbeat-interval", Durations.ms(INTERVAL),
                "--stop-grace", "2s"));
    }

    Agent args(List<String> more) {
        args.addAll(more);
        return this;
    }

    Agent env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Starts the agent; its console goes to {@code <label>.stdout} and {@code <label>.stderr} in the case folder. */
    Started start(String label) throws IOException {
        Files.createDirectories(dir.resolve("home"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
        command.addAll(cds(dir.getParent()));
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve(label + ".stdout").toFile())
                .redirectError(dir.resolve(label + ".stderr").toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().clear();
        pb.environment().putAll(env);
        return new Started(label, pb.start(), dir, System.nanoTime());
    }

    /**
     * An AppCDS archive of the agent's classes (PITFALLS.md: ~25 % off every start), dumped once per suite run by
     * an agent that runs against a closed port; no archive (plain start) if that fails.
     */
    private static List<String> cds(Path work) {
        if (cdsFlags != null) {
            return cdsFlags;
        }
        synchronized (Agent.class) {
            if (cdsFlags == null) {
                cdsFlags = List.of();
                try {
                    Path archive = work.resolve("belay-agent.jsa");
                    Path tmp = Files.createDirectories(work.resolve("cds-dump"));
                    int port;
                    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                        port = s.getLocalPort();
                    }
                    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:ArchiveClassesAtExit=" + archive, "-jar", JAR.toString(),
                            "run", "--orchestrator", "http://127.0.0.1:" + port, "--robot-guid", "00000000-0000-4000-8000-000000000000",
                            "--state-dir", tmp.resolve("state").toString(), "--scripts-dir", tmp.toString(), "--python", PYTHON,
                            "--heartbeat-interval", "100ms")
                            .redirectErrorStream(true).redirectOutput(tmp.resolve("dump.log").toFile())
                            .directory(tmp.toFile());
                    pb.environment().keySet().removeIf(k -> k.startsWith("ROBOT_"));
                    pb.environment().put("ROBOT_RETRY_BUDGET", "500ms");
                    pb.environment().put("ROBOT_CONNECT_TIMEOUT", "1s");
                    Process p = pb.start();
                    p.getOutputStream().close();
                    if (p.waitFor(60, TimeUnit.SECONDS) && Files.size(archive) > 0) {
                        cdsFlags = List.of("-XX:SharedArchiveFile=" + archive);
                    } else {
                        p.destroyForcibly();
                    }
                } catch (IOException | InterruptedException | RuntimeException e) {
                    cdsFlags = List.of();
                }
            }
            return cdsFlags;
        }
    }

    private static String resolvePython() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 && !out.isEmpty() && Files.isExecutable(Path.of(out)) ? out : "python3";
        } catch (IOException | InterruptedException e) {
            return "python3";
        }
    }

    Result run(String label) throws IOException, InterruptedException {
        return start(label).await(RUN_TIMEOUT);
    }

    record Started(String label, Process process, Path dir, long startNanos) {

        Result await(Duration timeout) throws IOException, InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                return new Result(label, -1, read(".stdout"), read(".stderr"), elapsedMs(), true, process.pid());
            }
            return new Result(label, process.exitValue(), read(".stdout"), read(".stderr"), elapsedMs(), false, process.pid());
        }

        /** kill -9: {@code destroyForcibly()} is SIGKILL on Linux. */
        Result kill() throws IOException, InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            return new Result(label, process.exitValue(), read(".stdout"), read(".stderr"), elapsedMs(), false, process.pid());
        }

        private long elapsedMs() {
            return (System.nanoTime() - startNanos) / 1_000_000;
        }

        private String read(String suffix) throws IOException {
            Path p = dir.resolve(label + suffix);
            return Files.exists(p) ? new String(Files.readAllBytes(p), StandardCharsets.UTF_8) : "";
        }
    }

    /**
     * @param hung the agent did not end within the timeout and was killed by the suite
     * @param pid  the agent's process (the JVM itself: the suite starts java directly)
     */
    record Result(String label, int exitCode, String stdout, String stderr, long millis, boolean hung, long pid) {
        String console() {
            return stdout + stderr;
        }

        @Override
        public String toString() {
            return label + ": exit " + exitCode + (hung ? " (HUNG, killed by the suite)" : "") + " in " + millis + " ms\n--- stdout\n"
                    + tail(stdout) + "--- stderr\n" + tail(stderr);
        }

        private static String tail(String s) {
            return s.length() <= 4000 ? s : "…" + s.substring(s.length() - 4000);
        }
    }
}
