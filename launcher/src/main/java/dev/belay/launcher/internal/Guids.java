package dev.belay.launcher.internal;

/** GUIDs in text: the robot's is its credential. */
public final class Guids {

    private static final int LENGTH = 36;

    private Guids() {
    }

    /** 8-4-4-4-12 hex digits, in any case; by hand rather than a regex, on the start's path. */
    public static boolean isCanonical(CharSequence s) {
        return s.length() == LENGTH && isCanonicalAt(s, 0);
    }

    /**
     * {@code text} with every GUID-shaped run of characters replaced by {@code <GUID>}: for messages
     * printed before the configuration is known, such as a usage error that echoes a mistyped option
     * ({@code --robot-giud=…}), when nothing says which GUID is the robot's.
     */
    public static String mask(String text) {
        return TextRuns.replace(text, LENGTH, i -> isCanonicalAt(text, i), "<GUID>");
    }

    private static boolean isCanonicalAt(CharSequence s, int from) {
        for (int i = 0; i < LENGTH; i++) {
            char c = s.charAt(from + i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
