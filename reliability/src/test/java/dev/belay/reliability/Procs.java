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
 * finds grandchildren that were re-parented too. A zombie ({@code Z}) runs nothing and counts as gone.
 */
final class Procs {
    private Procs() {
    }

    static List<Long> ofJob(String jobGuid) {
        byte[] needle = ("ROBOT_JOB_GUID=" + jobGuid + "\0").getBytes(StandardCharsets.UTF_8);
        List<Long> found = new ArrayList<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path p : proc) {
                try {
                    byte[] environ = Files.readAllBytes(p.resolve("environ"));
                    if (contains(environ, needle) && alive(Long.parseLong(p.getFileName().toString()))) {
                        found.add(Long.parseLong(p.getFileName().toString()));
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

    /** Polls until no process of these jobs is alive or the deadline passes; returns what is still alive. */
    static List<Long> awaitNoneOf(List<String> jobs, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (true) {
            List<Long> alive = new ArrayList<>();
            for (String j : jobs) {
                alive.addAll(ofJob(j));
            }
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
