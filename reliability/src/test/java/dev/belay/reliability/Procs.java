package dev.belay.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What runs, read from /proc. A process of a job is any live process whose environment holds
 * {@code ROBOT_JOB_GUID=<job>}: the agent gives it to the script and every descendant inherits it, so this
 * finds grandchildren that were re-parented too. One process escapes that test: an interpreter the runner
 * started ahead of its job gets the job's variables when the job comes, through {@code os.environ}, and
 * {@code /proc/<pid>/environ} shows only what a process started with. It carries the run's
 * {@code BELAY_RUN_ID} from its start, like every process of a run, and works in the scripts folder: a
 * live process with both, in a case's folder, counts as the case's too (an interpreter left waiting for a
 * job that never came included). And as a run marker begins with the hexadecimal pid of the agent that
 * made it ({@code CPythonRunnerTest} holds that), a live process whose marker names one of a case's
 * agents is the case's wherever it works. A zombie ({@code Z}) runs nothing and counts as gone.
 */
final class Procs {
    private Procs() {
    }

    static List<Long> ofJob(String jobGuid) {
        byte[] needle = ("ROBOT_JOB_GUID=" + jobGuid + "\0").getBytes(StandardCharsets.UTF_8);
        return live(p -> contains(environ(p), needle));
    }

    /** Live processes of a script run (a {@code BELAY_RUN_ID} in the environment) working in {@code dir} or below. */
    static List<Long> ofRunsIn(Path dir) {
        byte[] needle = "BELAY_RUN_ID=".getBytes(StandardCharsets.UTF_8);
        Path real;
        try {
            real = dir.toRealPath();
        } catch (IOException e) {
            return List.of();
        }
        return live(p -> Files.readSymbolicLink(p.resolve("cwd")).startsWith(real) && contains(environ(p), needle));
    }

    /**
     * Live processes carrying a run marker made by one of these agents ({@code BELAY_RUN_ID=<hex pid>-…}).
     * Checked right after those agents ended: Linux hands pids out in turn, so an ended agent's pid comes
     * round to another agent only after the counter has gone through all the others.
     */
    static List<Long> ofAgents(List<Long> agentPids) {
        List<byte[]> needles = agentPids.stream()
                .map(pid -> ("BELAY_RUN_ID=" + Long.toHexString(pid) + "-").getBytes(StandardCharsets.UTF_8)).toList();
        if (needles.isEmpty()) {
            return List.of();
        }
        return live(p -> {
            byte[] environ = environ(p);
            return needles.stream().anyMatch(n -> contains(environ, n));
        });
    }

    private interface ProcTest {
        boolean test(Path procDir) throws IOException;
    }

    /** The pids of the live processes (zombies are gone) that pass {@code test}; one that vanishes or is not ours is skipped. */
    private static List<Long> live(ProcTest test) {
        List<Long> found = new ArrayList<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path p : proc) {
                long pid = Long.parseLong(p.getFileName().toString());
                try {
                    if (test.test(p) && alive(pid)) {
                        found.add(pid);
                    }
                } catch (IOException | SecurityException ignored) {
                    // gone meanwhile, or not ours
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc", e);
        }
        return found;
    }

    private static byte[] environ(Path procDir) throws IOException {
        return Files.readAllBytes(procDir.resolve("environ"));
    }

    /**
     * Polls until no process of these jobs, of a run in {@code dir} ({@link #ofRunsIn}) or of a run these
     * agents made ({@link #ofAgents}) is alive or the deadline passes; returns what is still alive.
     */
    static List<Long> awaitNoneOf(List<String> jobs, Path dir, List<Long> agentPids, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (true) {
            java.util.Set<Long> found = new java.util.LinkedHashSet<>();
            for (String j : jobs) {
                found.addAll(ofJob(j));
            }
            if (dir != null) {
                found.addAll(ofRunsIn(dir));
            }
            found.addAll(ofAgents(agentPids));
            List<Long> alive = new ArrayList<>(found);
            if (alive.isEmpty() || System.nanoTime() > deadline) {
                return alive;
            }
            Thread.sleep(50);
        }
    }

    static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException gone) {
            return false;
        }
    }

    static void killAll(List<Long> pids) {
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        // environ is NUL-separated; match at the start or after a NUL
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            if (i > 0 && hay[i - 1] != 0) {
                continue;
            }
            for (int k = 0; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
