package dev.belay.core;

import dev.belay.core.internal.StateDirLock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Another agent process, as far as the state folder's lock goes: a child JVM that takes the lock exactly
 * as a robot does ({@code hold}), or only looks whether it could ({@code probe}). One line on stdout says
 * what it found; that line is the test's signal, not a guessed delay.
 */
final class LockHolder {

    private LockHolder() {
    }

    /** {@code hold DIR}: prints "held", keeps the lock until stdin ends. {@code probe DIR}: prints "acquired" or "in-use PID". */
    public static void main(String[] args) throws IOException {
        StateDirLock.Attempt attempt = StateDirLock.tryAcquire(Path.of(args[1]));
        if (attempt instanceof StateDirLock.InUse inUse) {
            System.out.println("in-use " + inUse.holderPid());
            return;
        }
        try (StateDirLock lock = ((StateDirLock.Acquired) attempt).lock()) {
            if (args[0].equals("probe")) {
                System.out.println("acquired");
                return;
            }
            System.out.println("held");
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the test closes our stdin (or kills us)
            }
        }
    }

    /** Starts a child JVM running this class; its stdout is read by the caller. */
    static Process start(String mode, Path stateDir) throws IOException {
        String cp = location(StateDirLock.class) + java.io.File.pathSeparator + location(LockHolder.class);
        return new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", cp, LockHolder.class.getName(), mode, stateDir.toString()))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** Runs {@code probe} in a child JVM and returns its one line: "acquired" or "in-use PID". */
    static String probe(Path stateDir) throws IOException, InterruptedException {
        Process p = start("probe", stateDir);
        String line = firstLine(p);
        p.waitFor();
        return line;
    }

    static String firstLine(Process p) throws IOException {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
