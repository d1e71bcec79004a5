package dev.belay.launcher;

import dev.belay.launcher.internal.Guids;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code belay}: the robot agent's command line. */
@Command(name = "belay",
        mixinStandardHelpOptions = true,
        versionProvider = Belay.Version.class,
        description = "Robot agent for orchestrators that speak the Sherpa Orchestrator robot protocol.",
        footer = {"", "Settings: flag > environment > --config file > vendor settings.txt > default.",
                "Exit codes: 0 no job left, 2 configuration error, 3 robot not registered,",
                "  4 orchestrator unreachable, 5 final status undelivered (kept for the next",
                "  start), 130 interrupted."})
public final class Belay implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Before anything touches SLF4J: Logback without its auto-configuration (LogbackWithoutScan), and
        // SLF4J's note that it loads a named provider kept off the console. A provider named on the
        // command line (-Dslf4j.provider) is left as it is.
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "dev.belay.launcher.internal.LogbackWithoutScan");
            if (System.getProperty("slf4j.internal.verbosity") == null) {
                System.setProperty("slf4j.internal.verbosity", "WARN");
            }
        }
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (no {@code System.exit}: tests call this). */
    public static int execute(String... args) {
        Optional<RunCommand> run = RunArgs.parse(args);
        if (run.isPresent()) {
            try {
                return run.get().call();
            } catch (RuntimeException e) {
                e.printStackTrace(); // what picocli's execute does with an exception from a command
                return 1;
            }
        }
        return commandLine(args.length > 0 ? args[0] : "").execute(args);
    }

    /** The whole command tree: every subcommand, for help and for tests. */
    static CommandLine commandLine() {
        return commandLine("");
    }

    /**
     * The command tree for arguments that start with {@code first}. When that names a subcommand, only
     * that one is built: picocli reflects over every option of every command it is given, and the
     * agent's start-up ({@code run}, several times a minute on a busy robot) need not pay for the
     * options of {@code install-task}. Anything else (help, a typo, no command) gets every subcommand,
     * so that usage messages and suggestions stay complete.
     */
    static CommandLine commandLine(String first) {
        CommandLine cli = new CommandLine(new Belay());
        switch (first) {
            case "run" -> cli.addSubcommand(new RunCommand());
            case "check" -> cli.addSubcommand(new CheckCommand());
            case "install-task" -> cli.addSubcommand(new InstallTaskCommand());
            case "uninstall-task" -> cli.addSubcommand(new UninstallTaskCommand());
            case "version" -> cli.addSubcommand(new VersionCommand());
            default -> {
                cli.addSubcommand(new RunCommand());
                cli.addSubcommand(new CheckCommand());
                cli.addSubcommand(new InstallTaskCommand());
                cli.addSubcommand(new UninstallTaskCommand());
                cli.addSubcommand(new VersionCommand());
                cli.addSubcommand(new CommandLine.HelpCommand());
            }
        }
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler(Belay::usageError);
        return cli;
    }

    /**
     * picocli's own handling of a usage error (the message, then suggestions or the usage), with any
     * GUID in the message masked: it echoes what was typed, and a mistyped {@code --robot-giud=<GUID>}
     * would otherwise put the robot's credential on the console, and in whatever keeps the console of
     * a scheduled task.
     */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getColorScheme().errorText(Guids.mask(String.valueOf(e.getMessage()))));
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
            cmd.usage(err, cmd.getColorScheme());
        }
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
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
