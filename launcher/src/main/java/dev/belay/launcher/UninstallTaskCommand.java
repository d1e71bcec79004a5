package dev.belay.launcher;

import dev.belay.launcher.config.Platform;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "uninstall-task", description = "Remove the scheduled task that install-task registered (Windows only).")
final class UninstallTaskCommand implements Callable<Integer> {

    @Option(names = "--task-name", paramLabel = "NAME", description = "Default: ${DEFAULT-VALUE}.", defaultValue = "Belay Robot")
    String taskName;

    @Override
    public Integer call() throws Exception {
        List<String> command = List.of("schtasks", "/Delete", "/TN", taskName, "/F");
        if (!Platform.current().windows()) {
            System.out.println("belay: scheduled tasks exist on Windows only; there this runs: " + String.join(" ", command));
            return ExitCodes.OK;
        }
        int exit = WindowsCommands.run(command);
        if (exit != 0) {
            System.err.println("belay: schtasks /Delete failed with exit code " + exit);
            return ExitCodes.CONFIGURATION;
        }
        System.out.println("belay: removed the scheduled task '" + taskName + "'");
        return ExitCodes.OK;
    }
}
