package dev.belay.launcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
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
}
