package dev.belay.testkit.contract;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the OS says about processes, read from Linux's {@code /proc}. The contract checks kills here
 * rather than asking the runner, whose bookkeeping is exactly what is under test.
 */
final class ProcTable {

    private static final Path PROC = Path.of("/proc");

    /** One process as {@code /proc/<pid>} shows it. */
    record Proc(long pid, char state, long ppid, String startTicks, String cmdline) {

        /** A zombie is dead: it only waits for its parent to read its status. */
        boolean alive() {
            return state != 'Z' && state != 'X';
        }

        @Override
        public String toString() {
            String cmd = cmdline.length() > 160 ? cmdline.substring(0, 160) + "..." : cmdline;
            return "pid " + pid + " (state " + state + ", ppid " + ppid + "): " + cmd.trim();
        }
    }

    private ProcTable() {
    }

    static boolean available() {
        return Files.isReadable(PROC.resolve("self/stat"));
    }

    static Optional<Proc> read(long pid) {
        Path dir = PROC.resolve(Long.toString(pid));
        try {
            String stat = Files.readString(dir.resolve("stat"), StandardCharsets.ISO_8859_1);
            // The command name in parentheses may hold spaces and parentheses: parse after the last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            byte[] raw = Files.readAllBytes(dir.resolve("cmdline"));
            String cmdline = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
            return Optional.of(new Proc(pid, f[0].charAt(0), Long.parseLong(f[1]), f[19], cmdline));
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }

    /** Whether the process with this pid is alive and, if {@code startTicks} is given, started then. */
    static boolean alive(long pid, String startTicks) {
        return read(pid).filter(Proc::alive)
                .filter(p -> startTicks == null || "?".equals(startTicks) || p.startTicks().equals(startTicks))
                .isPresent();
    }

    /** Every live process whose command line carries {@code marker}. */
    static List<Proc> aliveWithMarker(String marker) {
        List<Proc> found = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path d : dirs) {
                read(Long.parseLong(d.getFileName().toString()))
                        .filter(Proc::alive)
                        .filter(p -> p.cmdline().contains(marker))
                        .ifPresent(found::add);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return found;
    }
}
