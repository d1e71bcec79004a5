package dev.belay.launcher;

import java.io.IOException;
import java.util.List;

/** Runs a Windows system command (schtasks, shutdown) with its output shown to the user. */
final class WindowsCommands {

    private WindowsCommands() {
    }

    static int run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        return p.waitFor();
    }
}
