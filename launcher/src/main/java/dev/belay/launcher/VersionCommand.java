package dev.belay.launcher;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "version", description = "Print the version and exit.")
final class VersionCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        for (String line : new Belay.Version().getVersion()) {
            System.out.println(line);
        }
        return ExitCodes.OK;
    }
}
