package dev.belay.testkit.contract;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The real interpreter behind {@code python3}. On machines with pyenv, {@code python3} is a bash shim
 * that costs about a second per start under load; the self-test starts a few hundred scripts, so it
 * asks once where the interpreter really is.
 */
final class Python {

    private static final String EXECUTABLE = find();

    private Python() {
    }

    static String executable() {
        return EXECUTABLE;
    }

    private static String find() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isEmpty()) {
                return out;
            }
        } catch (IOException e) {
            // fall through: let the runner report the missing interpreter
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "python3";
    }
}
