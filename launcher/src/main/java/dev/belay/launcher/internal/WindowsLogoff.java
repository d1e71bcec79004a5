package dev.belay.launcher.internal;

import dev.belay.core.SessionControl;
import java.util.concurrent.TimeUnit;

/** {@code shutdown /l}: ends the current Windows session, as the vendor's framework does. */
public final class WindowsLogoff implements SessionControl {

    @Override
    public void logoff() throws Exception {
        Process p = new ProcessBuilder("shutdown", "/l").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("shutdown /l did not succeed");
        }
    }
}
