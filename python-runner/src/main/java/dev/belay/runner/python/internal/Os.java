package dev.belay.runner.python.internal;

import java.util.Locale;

/** The one place that asks which OS this is. */
public final class Os {

    private Os() {
    }

    public static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }
}
