package dev.belay.runner.python.internal;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the Linux process table from {@code /proc}. The runner's verdicts ("what is left of this
 * script") come from here, not from its own bookkeeping: a re-parented or double-forked process is
 * still visible by its session or by the marker in its environment.
 *
 * <p>Read with plain file streams into one buffer and parsed byte by byte: every script's end scans the
 * whole table, in an agent whose code mostly runs interpreted, and {@code Files.readString} with a
 * {@code split} of each line cost ~10 ms a scan of 65 processes there (~2 ms this way), on the way
 * from the script's exit to its final status (BENCHMARKS.md, loop).
 */
final class LinuxProcTable {

    private static final Path PROC = Path.of("/proc");
    private static final File PROC_DIR = new File("/proc");
    /** A stat line is ~300 bytes; the fields read here end well within this even with a long command name. */
    private static final int STAT_BUFFER = 2048;

    private LinuxProcTable() {
    }

    static boolean available() {
        return Files.isReadable(PROC.resolve("self/stat"));
    }

    /** Every process readable now. Processes that vanish while we read are skipped. */
    static List<ProcEntry> snapshot() {
        String[] names = PROC_DIR.list();
        if (names == null) {
            return new ArrayList<>(); // /proc itself unreadable: report nothing rather than guess
        }
        List<ProcEntry> entries = new ArrayList<>(names.length);
        byte[] buffer = new byte[STAT_BUFFER];
        for (String name : names) {
            if (!name.isEmpty() && name.charAt(0) >= '0' && name.charAt(0) <= '9') {
                ProcEntry e = read(Long.parseLong(name), buffer);
                if (e != null) {
                    entries.add(e);
                }
            }
        }
        return entries;
    }

    /** One process, if it exists. */
    static Optional<ProcEntry> read(long pid) {
        return Optional.ofNullable(read(pid, new byte[STAT_BUFFER]));
    }

    private static ProcEntry read(long pid, byte[] buffer) {
        int length;
        try (FileInputStream in = new FileInputStream("/proc/" + pid + "/stat")) {
            length = in.readNBytes(buffer, 0, buffer.length);
        } catch (IOException | RuntimeException e) {
            return null; // gone meanwhile, or not readable: not ours to judge
        }
        return parseStat(pid, buffer, length);
    }

    /** Parses a stat line; the command name (field 2) may hold spaces and parentheses, so split after the last ')'. */
    static ProcEntry parseStat(long pid, String stat) {
        byte[] bytes = stat.getBytes(StandardCharsets.ISO_8859_1);
        return parseStat(pid, bytes, bytes.length);
    }

    /** After the name, fields 3 (state), 4 (ppid), 5 (pgrp), 6 (session) and 22 (starttime); null if any is missing or not a number. */
    static ProcEntry parseStat(long pid, byte[] stat, int length) {
        int i = length - 1;
        while (i >= 0 && stat[i] != ')') {
            i--;
        }
        if (i < 0) {
            return null;
        }
        i++;
        char state = 0;
        long ppid = 0;
        long pgrp = 0;
        long session = 0;
        for (int field = 0; field <= 19; field++) {
            while (i < length && stat[i] == ' ') {
                i++;
            }
            int start = i;
            while (i < length && stat[i] != ' ' && stat[i] != '\n') {
                i++;
            }
            if (start == i) {
                return null; // the line ended before starttime
            }
            if (field == 0) {
                state = (char) (stat[start] & 0xff);
            } else if (field <= 3 || field == 19) {
                long value = number(stat, start, i);
                if (value < 0) {
                    return null;
                }
                switch (field) {
                    case 1 -> ppid = value;
                    case 2 -> pgrp = value;
                    case 3 -> session = value;
                    default -> {
                        return new ProcEntry(pid, state, ppid, pgrp, session, value);
                    }
                }
            }
        }
        return null; // not reached: field 19 returns
    }

    /** A non-negative decimal, or -1 if the bytes are not one. */
    private static long number(byte[] bytes, int from, int to) {
        if (to - from > 18) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /** True if the process's initial environment holds exactly this {@code NAME=value} entry. */
    static boolean hasEnvironmentEntry(long pid, String entry) {
        byte[] environ;
        try (FileInputStream in = new FileInputStream("/proc/" + pid + "/environ")) {
            environ = in.readAllBytes();
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
