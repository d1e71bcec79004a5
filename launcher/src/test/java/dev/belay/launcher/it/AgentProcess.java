package dev.belay.launcher.it;

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
 * The real {@code belay-launcher.jar} as a child process ({@code java -jar}), the way the Task Scheduler
 * starts it: a clean environment (no inherited ROBOT_* settings, a private HOME), output captured to
 * files.
 */
final class AgentProcess {

    static final Path JAR = Path.of(System.getProperty("belay.launcher.jar", "target/belay-launcher.jar")).toAbsolutePath();

    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new HashMap<>();
    private final Path dir;
    private Path workingDir;

    /** @param dir a private folder: HOME, and where stdout/stderr are captured */
    AgentProcess(Path dir) {
        this.dir = dir;
        this.workingDir = dir;
        System.getenv().forEach((k, v) -> {
            if (!k.startsWith("ROBOT_") && !k.equals("APPDATA") && !k.equals("XDG_STATE_HOME") && !k.startsWith("BELAY_")) {
                env.put(k, v);
            }
        });
        env.put("HOME", dir.resolve("home").toString());
    }

    AgentProcess args(String... more) {
        args.addAll(List.of(more));
        return this;
    }

    AgentProcess env(String name, String value) {
        env.put(name, value);
        return this;
    }

    AgentProcess workingDir(Path workingDir) {
        this.workingDir = workingDir;
        return this;
    }

    Started start() throws IOException {
        Files.createDirectories(dir.resolve("home"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-jar", JAR.toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(workingDir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().clear();
        pb.environment().putAll(env);
        return new Started(pb.start(), dir);
    }

    /** Starts the agent and waits for it to end. */
    Result run(Duration timeout) throws IOException, InterruptedException {
        return start().await(timeout);
    }

    record Started(Process process, Path dir) {
        Result await(Duration timeout) throws IOException, InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                throw new AssertionError("the agent did not end within " + timeout + "; stdout:\n" + read("stdout.txt")
                        + "\nstderr:\n" + read("stderr.txt"));
            }
            return new Result(process.exitValue(), read("stdout.txt"), read("stderr.txt"));
        }

        String read(String name) throws IOException {
            Path p = dir.resolve(name);
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        }
    }

    record Result(int exitCode, String stdout, String stderr) {
        String console() {
            return stdout + stderr;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }
}
