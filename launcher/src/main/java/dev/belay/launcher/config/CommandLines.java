package dev.belay.launcher.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Splits a command such as {@code py -3} or {@code "C:\Program Files\Python\python.exe" -X utf8} into words. */
public final class CommandLines {

    private CommandLines() {
    }

    public static List<String> split(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (char c : command.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                inWord = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** The words as one command that {@link #split} reads back: a word with white space in it is quoted. */
    public static String join(List<String> words) {
        StringBuilder command = new StringBuilder();
        for (String w : words) {
            if (command.length() > 0) {
                command.append(' ');
            }
            boolean quote = w.isEmpty() || w.chars().anyMatch(Character::isWhitespace);
            command.append(quote ? "\"" + w + "\"" : w);
        }
        return command.toString();
    }

    /**
     * {@code command} with its program resolved against {@code base} when the program names a folder and
     * is relative ({@code .venv/bin/python}); a bare name ({@code python3}, looked up on PATH) and an
     * absolute path stay as they are, and so does the rest of the command.
     *
     * @throws java.nio.file.InvalidPathException if the program is no path on this system
     */
    public static List<String> withProgramResolved(List<String> command, Path base) {
        String program = command.isEmpty() ? "" : command.get(0);
        if (!(program.contains("/") || program.contains("\\")) || program.startsWith("/") || program.startsWith("\\")) {
            return command;
        }
        Path path = Path.of(program);
        if (path.isAbsolute()) {
            return command;
        }
        List<String> resolved = new ArrayList<>(command);
        resolved.set(0, base.resolve(path).normalize().toString());
        return resolved;
    }
}
