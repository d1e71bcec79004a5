package dev.belay.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The fast path for {@code run} must read a command line exactly as picocli does, or leave it to picocli. */
class RunArgsTest {

    static Stream<Arguments> parsedByBoth() {
        return Stream.of(
                new String[] {"run"},
                new String[] {"run", "--orchestrator", "https://orch.example/api/", "--robot-guid", "6f1c0de2-1111-2222-3333-444455556666"},
                new String[] {"run", "--orchestrator=http://h:4500", "--robot-guid=g", "--heartbeat-interval", "0.05"},
                new String[] {"run", "--scripts-dir", "C:\\Robots\\scripts dir", "--state-dir", "/var/lib/belay", "--python", "py -3"},
                new String[] {"run", "--stop-grace=5s", "--auth-scheme", "Bearer", "--truststore", "ca.pem", "--insecure"},
                new String[] {"run", "--config", "belay.properties", "--vendor-settings", "settings.txt", "--log-format", "json"},
                new String[] {"run", "--logoff", "-v"},
                new String[] {"run", "--no-logoff", "--verbose"},
                new String[] {"run", "--orchestrator=", "--python="},
                new String[] {"run", "--heartbeat-interval", "-5"},
                new String[] {"run", "--python", "python=3", "--orchestrator", "http://h/?a=b"}).map(a -> Arguments.of((Object) a));
    }

    @ParameterizedTest
    @MethodSource("parsedByBoth")
    void readsWhatPicocliReads(String[] args) {
        Optional<RunCommand> fast = RunArgs.parse(args);
        assertThat(fast).as("the fast path takes %s", List.of(args)).isPresent();
        RunCommand slow = picocli(args);
        assertThat(fast.get().options.flags()).isEqualTo(slow.options.flags());
        assertThat(fast.get().options.config).isEqualTo(slow.options.config);
        assertThat(fast.get().verbose).isEqualTo(slow.verbose);
    }

    static Stream<Arguments> leftToPicocli() {
        return Stream.of(
                new String[] {},
                new String[] {"check", "--orchestrator", "http://h"},
                new String[] {"run", "--help"},
                new String[] {"run", "-h"},
                new String[] {"run", "-V"},
                new String[] {"run", "-vh"},
                new String[] {"run", "--orchestrator"},
                new String[] {"run", "--orchestrator", "--robot-guid", "g"},
                new String[] {"run", "--orchestrator", "a", "--orchestrator", "b"},
                new String[] {"run", "--logoff", "--no-logoff"},
                new String[] {"run", "-v", "--verbose"},
                new String[] {"run", "--insecure=false"},
                new String[] {"run", "--orchestator", "http://h"},
                new String[] {"run", "extra"},
                new String[] {"run", "--", "--orchestrator"},
                new String[] {"run", "--robot-guid", "@guid.txt"},
                new String[] {"run", "--config", "bad\0path"},
                new String[] {"RUN"}).map(a -> Arguments.of((Object) a));
    }

    @ParameterizedTest
    @MethodSource("leftToPicocli")
    void leavesAnythingElseToPicocli(String[] args) {
        assertThat(RunArgs.parse(args)).as("%s", List.of(args)).isEmpty();
    }

    @Test
    void knowsEveryOptionOfRunThatPicocliKnows() {
        CommandLine run = Belay.commandLine("run").getSubcommands().get("run");
        Set<String> picocliNames = new HashSet<>();
        for (OptionSpec option : run.getCommandSpec().options()) {
            if (!option.usageHelp() && !option.versionHelp()) {
                for (String name : option.names()) {
                    picocliNames.add(name);
                }
                if (option.negatable()) {
                    picocliNames.add(option.longestName().replaceFirst("^--", "--no-"));
                }
            }
        }
        Set<String> fastNames = new HashSet<>(RunArgs.VALUED);
        fastNames.addAll(RunArgs.FLAGS);
        assertThat(fastNames)
                .as("RunArgs must know every option of 'run' (else agents that use it start ~0.1 s slower), and no other")
                .isEqualTo(picocliNames);
    }

    @Test
    void picocliTakesWhatTheFastPathLeaves() {
        // A repeated option is an error to picocli; the fast path must not quietly take the last value.
        CommandLine cli = Belay.commandLine("run");
        assertThat(cli.execute("run", "--orchestrator", "a", "--orchestrator", "b")).isEqualTo(2);
    }

    private static RunCommand picocli(String[] args) {
        CommandLine cli = Belay.commandLine("run");
        CommandLine.ParseResult result = cli.parseArgs(args);
        return (RunCommand) result.subcommand().commandSpec().userObject();
    }
}
