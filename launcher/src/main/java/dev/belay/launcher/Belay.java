package dev.belay.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code belay}: the robot agent's command line. */
@Command(name = "belay",
        mixinStandardHelpOptions = true,
        versionProvider = Belay.Version.class,
        description = "Robot agent for orchestrators that speak the Sherpa Orchestrator robot protocol.",
        subcommands = {RunCommand.class, CheckCommand.class, InstallTaskCommand.class, UninstallTaskCommand.class,
                VersionCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Settings: flag > environment > --config file > vendor settings.txt > default.",
                "Exit codes: 0 no job left, 2 configuration error, 3 robot not registered,",
                "  4 orchestrator unreachable, 5 final status undelivered (kept for the next",
                "  start), 130 interrupted."})
public final class Belay implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (no {@code System.exit}: tests call this). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Belay());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: run, check, install-task, uninstall-task or version");
    }

    static String version() {
        try (InputStream in = Belay.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"belay " + version(), "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
