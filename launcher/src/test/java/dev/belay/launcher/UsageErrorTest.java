package dev.belay.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A usage error echoes what was typed: never the GUID that came with it. */
class UsageErrorTest {

    private static final String GUID = "6f1c2a3b-1111-4222-8333-944455556666";

    @Test
    void aMistypedGuidOptionIsReportedWithTheGuidMaskedAndASuggestion() {
        String err = usageErrorOf("run", "--orchestrator", "http://o:1", "--robot-giud=" + GUID);

        assertThat(err).contains("Unknown option: '--robot-giud=<GUID>'").contains("--robot-guid")
                .doesNotContainIgnoringCase(GUID);
    }

    @Test
    void aStrayGuidArgumentIsReportedMasked() {
        String err = usageErrorOf("run", "--orchestrator", "http://o:1", GUID.toUpperCase(Locale.ROOT));

        assertThat(err).contains("<GUID>").doesNotContainIgnoringCase(GUID);
    }

    private static String usageErrorOf(String... args) {
        CommandLine cli = Belay.commandLine(args[0]);
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute(args)).as("exit code of a usage error").isEqualTo(2);
        return err.toString();
    }
}
