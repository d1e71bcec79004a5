package dev.belay.launcher;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The agent's fast path through the command line: {@code run} with plain long options, parsed without
 * picocli. picocli's class files are Java 5 classes, which the class data sharing archive cannot hold,
 * so building its model costs ~0.1 s of every agent start (BENCHMARKS.md) — while the scheduled task
 * and most scripts start the agent with {@code run} and a few {@code --name value} options.
 *
 * <p>Only what is unambiguous is taken here: the options of {@link ConfigOptions} as {@code --name value}
 * or {@code --name=value}, {@code --logoff}/{@code --no-logoff}, {@code --insecure}, {@code -v} and
 * {@code --verbose}, each at most once. Anything else — help, version, an unknown or repeated option, a
 * positional argument, {@code --}, an {@code @file} argument — returns empty and the caller hands the whole line to picocli,
 * which then parses it or explains what is wrong exactly as it always did. {@code RunArgsTest} holds
 * the two parsers to the same result over the options picocli knows for {@code run}.
 */
final class RunArgs {

    /** The options that take a value, as picocli names them in {@link ConfigOptions}. */
    static final Set<String> VALUED = Set.of("--orchestrator", "--robot-guid", "--scripts-dir", "--state-dir", "--python",
            "--heartbeat-interval", "--stop-grace", "--auth-scheme", "--truststore", "--config", "--vendor-settings",
            "--log-format");

    /** The options without a value. */
    static final Set<String> FLAGS = Set.of("--logoff", "--no-logoff", "--insecure", "-v", "--verbose");

    private RunArgs() {
    }

    /** The {@code run} command with its options set, or empty when picocli must parse {@code args}. */
    static Optional<RunCommand> parse(String... args) {
        if (args.length == 0 || !args[0].equals("run")) {
            return Optional.empty();
        }
        for (String arg : args) {
            if (arg.startsWith("@")) {
                return Optional.empty(); // picocli reads @file arguments from the file first
            }
        }
        ConfigOptions options = new ConfigOptions();
        RunCommand run = new RunCommand();
        run.options = options;
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 2) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            // --logoff and --no-logoff are one option to picocli: either twice is a repetition.
            String identity = name.equals("--no-logoff") ? "--logoff" : name.equals("-v") ? "--verbose" : name;
            if (!seen.add(identity)) {
                return Optional.empty();
            }
            if (VALUED.contains(name)) {
                if (value == null) {
                    // picocli takes the next argument as the value unless it looks like an option of its own.
                    if (i + 1 >= args.length || isOption(args[i + 1])) {
                        return Optional.empty();
                    }
                    value = args[++i];
                }
                try {
                    set(options, name, value);
                } catch (InvalidPathException e) {
                    return Optional.empty(); // picocli words the conversion error
                }
            } else if (FLAGS.contains(name) && value == null) {
                switch (name) {
                    case "--logoff" -> options.logoff = Boolean.TRUE;
                    case "--no-logoff" -> options.logoff = Boolean.FALSE;
                    case "--insecure" -> options.insecure = Boolean.TRUE;
                    default -> run.verbose = true;
                }
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(run);
    }

    private static boolean isOption(String arg) {
        return VALUED.contains(arg) || FLAGS.contains(arg) || arg.startsWith("-") && arg.length() > 1 && !isNumber(arg);
    }

    private static boolean isNumber(String arg) {
        try {
            Double.parseDouble(arg);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void set(ConfigOptions o, String name, String value) {
        switch (name) {
            case "--orchestrator" -> o.orchestrator = value;
            case "--robot-guid" -> o.robotGuid = value;
            case "--scripts-dir" -> o.scriptsDir = value;
            case "--state-dir" -> o.stateDir = value;
            case "--python" -> o.python = value;
            case "--heartbeat-interval" -> o.heartbeatInterval = value;
            case "--stop-grace" -> o.stopGrace = value;
            case "--auth-scheme" -> o.authScheme = value;
            case "--truststore" -> o.truststore = value;
            case "--config" -> o.config = Path.of(value); // may throw InvalidPathException: see parse
            case "--vendor-settings" -> o.vendorSettings = value;
            case "--log-format" -> o.logFormat = value;
            default -> throw new IllegalArgumentException(name);
        }
    }
}
