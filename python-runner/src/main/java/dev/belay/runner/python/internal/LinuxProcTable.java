package dev.belay.runner.python.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the Linux process table from {@code /proc}. The runner's verdicts ("what is left of this
 * script") come from here, not from its own bookkeeping: a re-parented or double-forked process is
 * still visible by its session or by the marker in its environment.
 */
final class LinuxProcTable {

    private static final Path PROC = Path.of("/proc");

    private LinuxProcTable() {
    }

    static boolean available() {
        return Files.isReadable(PROC.resolve("self/stat"));
    }

    /** Every process readable now. Processes that vanish while we read are skipped. */
    static List<ProcEntry> snapshot() {
        List<ProcEntry> entries = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
                    read(Long.parseLong(name)).ifPresent(entries::add);
                }
            }
        } catch (IOException e) {
            // /proc itself unreadable: report nothing rather than guess
        }
        return entries;
    }

    /** One process, if it exists. */
    static Optional<ProcEntry> read(long pid) {
        try {
            return Optional.ofNullable(parseStat(pid, Files.readString(PROC.resolve(pid + "/stat"), StandardCharsets.ISO_8859_1)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Parses a stat line; the command name (field 2) may hold spaces and parentheses, so split after the last ')'. */
    static ProcEntry parseStat(long pid, String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return null;
        }
        String[] f = stat.substring(close + 2).trim().split(" ");
        // after the name: state(3) ppid(4) pgrp(5) session(6) ... starttime(22) -> indexes 0,1,2,3 and 19
        if (f.length < 20) {
            return null;
        }
        return new ProcEntry(pid, f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[2]),
                Long.parseLong(f[3]), Long.parseLong(f[19]));
    }

    /** True if the process's initial environment holds exactly this {@code NAME=value} entry. */
    static boolean hasEnvironmentEntry(long pid, String entry) {
        byte[] environ;
        try {
            environ = Files.readAllBytes(PROC.resolve(pid + "/environ"));
        } catch (IOException | RuntimeException e) {
            return false; // gone, or another user's process: not ours
        }
        byte[] wanted = entry.getBytes(StandardCharsets.UTF_8);
        int start = 0;
        for (int i = 0; i <= environ.length; i++) {
            if (i == environ.length || environ[i] == 0) {
                if (i - start == wanted.length && java.util.Arrays.equals(environ, start, i, wanted, 0, wanted.length)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    /** The value of one variable in the process's initial environment. */
    static Optional<String> environmentValue(long pid, String variable) {
        byte[] environ;
        try {
            environ = Files.readAllBytes(PROC.resolve(pid + "/environ"));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        String prefix = variable + "=";
        for (String entry : new String(environ, StandardCharsets.UTF_8).split("\0")) {
            if (entry.startsWith(prefix)) {
                return Optional.of(entry.substring(prefix.length()));
            }
        }
        return Optional.empty();
    }
}
