package dev.belay.launcher;

import dev.belay.launcher.config.ConfigLoader;
import dev.belay.launcher.config.ConfigurationException;
import dev.belay.launcher.config.LauncherConfig;
import dev.belay.launcher.config.Platform;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "check", description = "Validate the configuration and reach the orchestrator once, changing nothing there.")
final class CheckCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() {
        LauncherConfig config;
        try {
            config = new ConfigLoader(Platform.current()).load(options.flags(), options.config);
        } catch (ConfigurationException e) {
            e.problems().forEach(p -> System.err.println("belay: " + p));
            return ExitCodes.CONFIGURATION;
        }
        config.describe().forEach(line -> System.out.println("  " + line));
        System.out.println("belay: configuration is valid");
        return ExitCodes.OK;
    }
}
