package dev.belay.launcher.config;

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
}
