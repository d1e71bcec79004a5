package dev.belay.launcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class LoggingTest {

    static final String GUID = "da8bc2f0-8065-4385-b867-405e66b8e151";

    @TempDir
    Path dir;

    @AfterEach
    void restore() {
        MDC.clear();
        Logging.consoleOnly(Level.INFO);
    }

    @Test
    void textFromTheOrchestratorCannotForgeALogLine() throws Exception {
        Logging.configure(dir, false, Level.INFO, GUID);
        MDC.put("job", "j1\r\nX-Injected: 1");
        LoggerFactory.getLogger("t").info("job {} taken: script '{}'", "g\r\n12:00:00.000 INFO  forged", "a\u0000b\nc\td");
        Logging.consoleOnly(Level.INFO); // flushes and closes the file appender

        assertThat(Files.readString(dir.resolve("belay.log"))).as("one line, ended").endsWith(System.lineSeparator());
        List<String> lines = Files.readAllLines(dir.resolve("belay.log"));
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("job g??12:00:00.000 INFO  forged taken: script 'a?b?c\td'")
                .contains("[j1??X-Injected: 1]");
    }

    @Test
    void theConsoleLineIsOneLineEndedByTheLineSeparator() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        LineLayout layout = LineLayout.console();
        layout.setContext(ctx);
        layout.start();
        LoggingEvent event = new LoggingEvent("t", ctx.getLogger("t"), Level.WARN, "a\r\nb\tc", new IllegalStateException("x"), null);
        event.setTimeStamp(0);

        assertThat(layout.doLayout(event)).as("no stack trace on the console")
                .matches("\\d\\d:\\d\\d:00\\.000 WARN  a\\?\\?b\tc" + System.lineSeparator());
    }

    @Test
    void theGuidIsRedactedInTheFileLog() throws Exception {
        Logging.configure(dir, false, Level.DEBUG, GUID);
        LoggerFactory.getLogger("t").debug("robot {}", GUID);
        Logging.consoleOnly(Level.INFO);

        assertThat(Files.readString(dir.resolve("belay.log"))).doesNotContain(GUID).contains("robot <redacted>");
    }

    @Test
    void theGuidIsRedactedAsConfiguredAsBase64AndAsBareHex() {
        String guid = "da8bc2f0-8065-4385-b867-405e66b8e151";
        String base64 = java.util.Base64.getEncoder().encodeToString(guid.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(Logging.secretForms(guid)).containsExactly(guid, base64, "da8bc2f080654385b867405e66b8e151");
        assertThat(Logging.secretForms("{" + guid + "}")).contains(guid, "da8bc2f080654385b867405e66b8e151");
        assertThat(Logging.secretForms("robot-7")).hasSize(2); // not a GUID: no bare-hex form
        assertThat(Guids.isCanonical(guid.toUpperCase(java.util.Locale.ROOT))).isTrue();
        assertThat(Guids.isCanonical(guid.replace('-', '_'))).isFalse();
        assertThat(Guids.isCanonical(guid.substring(1) + "g")).isFalse();
        assertThat(Guids.mask("Unknown option: '--robot-giud=" + guid + "' and " + guid.toUpperCase(java.util.Locale.ROOT)))
                .isEqualTo("Unknown option: '--robot-giud=<GUID>' and <GUID>");
        String none = "no GUID: da8bc2f0-8065-4385-b867-405e66b8e15";
        assertThat(Guids.mask(none)).isSameAs(none);
    }
}
