package dev.belay.launcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.status.InfoStatus;
import ch.qos.logback.core.status.WarnStatus;
import ch.qos.logback.core.util.StatusPrinter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The provider the launcher's main names: the same first configuration as Logback's own start with ours. */
class LogbackWithoutScanTest {

    @Test
    void startsWithTheConsoleAtInfoAndAnMdcThatTheContextUses() {
        LogbackWithoutScan provider = new LogbackWithoutScan();
        provider.initialize();

        LoggerContext context = (LoggerContext) provider.getLoggerFactory();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(context.isStarted()).isTrue();
        assertThat(root.isDebugEnabled()).isFalse();
        assertThat(root.isInfoEnabled()).isTrue();
        assertThat(root.getAppender("console")).isInstanceOf(ConsoleAppender.class);
        assertThat(context.getLogger("io.github.resilience4j").isInfoEnabled()).as("libraries kept quiet").isFalse();
        assertThat(context.getMDCAdapter()).isSameAs(provider.getMDCAdapter());
        assertThat(provider.getMarkerFactory().getMarker("m").getName()).isEqualTo("m");
        assertThat(provider.getRequestedApiVersion()).startsWith("2.0");
        context.stop();
    }

    @Test
    void logbacksOwnWarningsAndErrorsArePrintedAndNothingElse() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StatusPrinter.setPrintStream(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            LoggerContext context = new LoggerContext();
            context.getStatusManager().add(new InfoStatus("all is well", this));
            LogbackWithoutScan.printInCaseOfErrorsOrWarnings(context);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();

            context.getStatusManager().add(new WarnStatus("the appender is odd", this));
            LogbackWithoutScan.printInCaseOfErrorsOrWarnings(context);
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("WARN").contains("the appender is odd").contains("all is well");
        } finally {
            StatusPrinter.setPrintStream(System.out);
        }
    }
}
