package dev.belay.launcher.internal;

import java.util.function.IntPredicate;

/** Replacing runs of characters found by a test at each position: what redaction and masking share. */
final class TextRuns {

    private TextRuns() {
    }

    /**
     * {@code text} with every run of {@code length} characters that starts where {@code startsAt} says so
     * replaced by {@code replacement}, runs taken left to right without overlapping; {@code text} itself
     * when there is none. A scan by hand, not a regex: it runs for every log line.
     */
    static String replace(String text, int length, IntPredicate startsAt, String replacement) {
        StringBuilder out = null;
        int copied = 0;
        for (int i = 0; i <= text.length() - length; i++) {
            if (startsAt.test(i)) {
                if (out == null) {
                    out = new StringBuilder(text.length());
                }
                out.append(text, copied, i).append(replacement);
                i += length - 1;
                copied = i + 1;
            }
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }
}
