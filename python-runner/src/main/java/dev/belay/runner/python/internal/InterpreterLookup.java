package dev.belay.runner.python.internal;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the program of an interpreter command the way the operating system will when the runner
 * starts it, from the file system alone: no process is started (an agent's start-up is benchmarked,
 * and a Python start costs tens of milliseconds).
 *
 * <ul>
 *   <li>A command with a folder in it ({@code /usr/bin/python3}, {@code C:\Python312\python.exe}) is
 *       that file: it must exist, be a file, and (outside Windows) be executable.
 *   <li>A bare name on POSIX is searched as the JDK's {@code ProcessBuilder} does it: each entry of
 *       the agent's own {@code PATH} ({@code :/bin:/usr/bin} when unset), an empty entry meaning the
 *       child's working directory (the scripts folder), the first executable file of that name wins.
 *   <li>A bare name on Windows: {@code CreateProcess} looks in Java's own folder, the current folder,
 *       the system folders and {@code PATH}, and appends {@code .exe} when the name has no extension.
 *       This lookup accepts a little more (the name as given, with {@code .exe}, or with any
 *       {@code PATHEXT} extension; an app execution alias counts as a file): a start-up check that
 *       refuses a command Windows would have started takes a working robot down, one that lets a
 *       rare unstartable command through only leaves the per-job failure that would happen anyway.
 * </ul>
 */
public final class InterpreterLookup {

    private InterpreterLookup() {
    }

    /**
     * @param program     the command's first word
     * @param workDir     the child's working directory (the scripts folder)
     * @param environment the agent's environment ({@code PATH}, {@code PATHEXT}, {@code SystemRoot})
     * @return why the program cannot be started, or empty if it was found
     */
    public static Optional<String> problem(String program, Path workDir, boolean windows, Map<String, String> environment) {
        if (program.isEmpty()) {
            return Optional.of("the interpreter command is empty");
        }
        if (program.contains("/") || (windows && (program.contains("\\") || program.contains(":")))) {
            return fileProblem(program, workDir, windows);
        }
        return found(program, workDir, windows, environment) ? Optional.empty()
                : Optional.of("'" + program + "' was not found on PATH" + (windows ? " (nor in the folders Windows searches first)" : ""));
    }

    /**
     * A program named with a folder. A relative one is found where the child looks for it: on POSIX the
     * JDK changes into the working directory before it executes the program, so from there; on Windows
     * {@code CreateProcess} takes it from the agent's own current folder.
     */
    private static Optional<String> fileProblem(String program, Path workDir, boolean windows) {
        Path p;
        try {
            p = Path.of(program);
        } catch (InvalidPathException e) {
            return Optional.of("'" + program + "' is not a path: " + e.getReason());
        }
        if (!windows && !p.isAbsolute()) {
            p = workDir.resolve(p);
        }
        if (Files.isDirectory(p)) {
            return Optional.of(program + " is a folder, not a program");
        }
        if (!exists(p, windows)) {
            return Optional.of(program + " does not exist");
        }
        if (!windows && !Files.isExecutable(p)) {
            return Optional.of(program + " is not executable");
        }
        return Optional.empty();
    }

    private static boolean found(String name, Path workDir, boolean windows, Map<String, String> environment) {
        if (windows) {
            for (Path dir : windowsSearchDirs(environment)) {
                for (String candidate : windowsNames(name, environment)) {
                    Path p = resolve(dir, candidate);
                    if (p != null && exists(p, true) && !Files.isDirectory(p)) {
                        return true;
                    }
                }
            }
            return false;
        }
        String path = environment.get("PATH");
        for (String entry : (path == null ? ":/bin:/usr/bin" : path).split(":", -1)) {
            // An empty or relative entry is relative to the child's working directory, where the search happens.
            Path p = entry.isEmpty() ? workDir.resolve(name) : resolve(workDir.resolve(entry), name);
            if (p != null && Files.isRegularFile(p) && Files.isExecutable(p)) {
                return true;
            }
        }
        return false;
    }

    private static List<Path> windowsSearchDirs(Map<String, String> environment) {
        List<String> dirs = new ArrayList<>();
        dirs.add(Path.of(System.getProperty("java.home"), "bin").toString());
        dirs.add(Path.of("").toAbsolutePath().toString());
        String root = get(environment, "SystemRoot");
        if (root != null) {
            dirs.add(root + "\\System32");
            dirs.add(root + "\\System");
            dirs.add(root);
        }
        String path = get(environment, "PATH");
        if (path != null) {
            for (String entry : path.split(";")) {
                String e = entry.replace("\"", "").trim();
                if (!e.isEmpty()) {
                    dirs.add(e);
                }
            }
        }
        List<Path> out = new ArrayList<>();
        for (String d : dirs) {
            try {
                out.add(Path.of(d));
            } catch (InvalidPathException e) {
                // an entry that is no path holds no interpreter
            }
        }
        return out;
    }

    private static Set<String> windowsNames(String name, Map<String, String> environment) {
        Set<String> names = new LinkedHashSet<>();
        names.add(name);
        names.add(name + ".exe");
        String pathext = get(environment, "PATHEXT");
        for (String ext : (pathext == null ? ".COM;.EXE;.BAT;.CMD" : pathext).split(";")) {
            if (!ext.isBlank()) {
                names.add(name + ext.trim().toLowerCase(Locale.ROOT));
                names.add(name + ext.trim());
            }
        }
        return names;
    }

    /** Windows' environment names are case-insensitive ({@code Path}, {@code SYSTEMROOT}). */
    private static String get(Map<String, String> environment, String name) {
        String exact = environment.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, String> e : environment.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static Path resolve(Path dir, String name) {
        try {
            return dir.resolve(name);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** On Windows an app execution alias (WindowsApps\python.exe) is a reparse point that cannot be followed. */
    private static boolean exists(Path p, boolean windows) {
        return Files.exists(p) || (windows && Files.exists(p, LinkOption.NOFOLLOW_LINKS));
    }
}
