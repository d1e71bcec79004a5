package dev.belay.runner.python.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns the orchestrator's untrusted {@code ProcessVersion.Name} into a script file inside the scripts
 * folder, or refuses it. The name check is pure (the same verdict on every OS, so a name that would be
 * dangerous on Windows is refused on Linux too); {@link #resolve} then checks the file system.
 */
public final class ScriptNames {

    /** Longer names are refused outright: no real script path is this long, and Windows' MAX_PATH is 260. */
    static final int MAX_LENGTH = 1024;

    private static final Set<String> RESERVED = Set.of(
            "con", "prn", "aux", "nul", "conin$", "conout$",
            "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
            "com\u00b9", "com\u00b2", "com\u00b3",
            "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
            "lpt\u00b9", "lpt\u00b2", "lpt\u00b3");

    /** Characters Windows forbids in file names; {@code :} also opens NTFS alternate data streams. */
    private static final String FORBIDDEN = "<>:\"|?*";

    private ScriptNames() {
    }

    /** The verdict on a name: the relative segments of the script file, or why it is refused. */
    public sealed interface Verdict permits Accepted, Refused {
    }

    /** @param segments the relative path, {@code .py} added, {@code .} and inner {@code ..} folded away */
    public record Accepted(List<String> segments) implements Verdict {
        public Accepted {
            segments = List.copyOf(segments);
        }
    }

    public record Refused(String reason) implements Verdict {
    }

    /** Checks the name alone, touching nothing. */
    public static Verdict check(String name) {
        if (name == null || name.isBlank()) {
            return new Refused("the script name is empty");
        }
        if (name.length() > MAX_LENGTH) {
            return new Refused("the script name is longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                return new Refused("the script name contains a control character (U+"
                        + String.format(Locale.ROOT, "%04X", (int) c) + ")");
            }
        }
        if (name.startsWith("\\\\") || name.startsWith("//") || name.startsWith("\\/") || name.startsWith("/\\")) {
            return new Refused("the script name is a UNC or network path");
        }
        if (name.startsWith("/") || name.startsWith("\\")) {
            return new Refused("the script name is an absolute path");
        }
        if (name.length() >= 2 && name.charAt(1) == ':' && isAsciiLetter(name.charAt(0))) {
            return new Refused("the script name starts with a drive letter");
        }
        if (name.startsWith("~")) {
            return new Refused("the script name starts with '~'");
        }
        for (int i = 0; i < name.length(); i++) {
            if (FORBIDDEN.indexOf(name.charAt(i)) >= 0) {
                return new Refused("the script name contains '" + name.charAt(i) + "', which is not allowed in a file name");
            }
        }
        List<String> segments = new ArrayList<>();
        for (String segment : name.split("[\\\\/]", -1)) {
            if (segment.isEmpty()) {
                return new Refused("the script name has an empty path segment");
            }
            if (segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    return new Refused("the script name leaves the scripts folder ('..')");
                }
                segments.remove(segments.size() - 1);
                continue;
            }
            char last = segment.charAt(segment.length() - 1);
            if (last == '.' || last == ' ') {
                return new Refused("a path segment ends with a dot or a space ('" + segment + "'), which Windows strips");
            }
            if (isReserved(segment)) {
                return new Refused("'" + segment + "' is a reserved device name on Windows");
            }
            segments.add(segment);
        }
        if (segments.isEmpty()) {
            return new Refused("the script name names no file");
        }
        int lastIndex = segments.size() - 1;
        String file = segments.get(lastIndex);
        if (!file.toLowerCase(Locale.ROOT).endsWith(".py")) {
            segments.set(lastIndex, file + ".py");
        } else if (file.length() == 3) {
            return new Refused("the script name names no file ('.py')");
        }
        return new Accepted(segments);
    }

    /**
     * Checks the name, then the file: it must exist, be a regular file, and its real path (symlinks
     * followed) must stay inside the scripts folder's real path.
     *
     * @return the script's real path, or why it is refused
     */
    public static Resolution resolve(Path scriptsDir, String name) {
        Verdict verdict = check(name);
        if (verdict instanceof Refused refused) {
            return new Resolution(null, "refused script name '" + printable(name) + "': " + refused.reason());
        }
        List<String> segments = ((Accepted) verdict).segments();
        Path realDir;
        try {
            realDir = scriptsDir.toRealPath();
        } catch (IOException e) {
            return new Resolution(null, "the scripts folder " + scriptsDir + " does not exist or cannot be read: " + e);
        }
        Path candidate = realDir;
        for (String segment : segments) {
            candidate = candidate.resolve(segment);
        }
        if (!Files.exists(candidate)) {
            return new Resolution(null, "script not found: " + candidate);
        }
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (IOException e) {
            return new Resolution(null, "script cannot be resolved: " + candidate + ": " + e);
        }
        if (!real.startsWith(realDir)) {
            return new Resolution(null, "refused script '" + printable(name) + "': it leads outside the scripts folder (to " + real + ")");
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            return new Resolution(null, "script is not a regular file: " + real);
        }
        return new Resolution(real, null);
    }

    /** Either a script path or a reason. */
    public record Resolution(Path script, String refusal) {
        public boolean ok() {
            return script != null;
        }
    }

    private static boolean isReserved(String segment) {
        // Windows ignores everything from the first dot and trailing spaces: "con.py", "NUL .txt", "com1.tar.gz".
        int dot = segment.indexOf('.');
        String base = (dot >= 0 ? segment.substring(0, dot) : segment).stripTrailing().toLowerCase(Locale.ROOT);
        return RESERVED.contains(base);
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** The name for a message: control characters escaped, long names cut. */
    static String printable(String name) {
        if (name == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < name.length() && b.length() < 200; i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return name.length() > 200 ? b + "…" : b.toString();
    }
}
