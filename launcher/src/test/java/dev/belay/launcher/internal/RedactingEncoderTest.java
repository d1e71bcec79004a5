package dev.belay.launcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactingEncoderTest {

    private static final String GUID = "da8bc2f0-8065-4385-b867-405e66b8e151";
    private static final String B64 = Base64.getEncoder().encodeToString(GUID.getBytes(StandardCharsets.UTF_8));

    @Test
    void hidesTheGuidAndItsBase64InMessagesAndStackTraces() {
        LoggerContext ctx = new LoggerContext();
        PatternLayoutEncoder pattern = new PatternLayoutEncoder();
        pattern.setContext(ctx);
        pattern.setPattern("%msg%n%ex");
        RedactingEncoder<ILoggingEvent> encoder = new RedactingEncoder<>(pattern, List.of(GUID, B64));
        encoder.setContext(ctx);
        encoder.start();

        LoggingEvent event = new LoggingEvent("x", ctx.getLogger("t"), Level.ERROR, "robot {} header Basic {}",
                new IllegalStateException("failed for " + GUID), new Object[] {GUID, B64});
        String out = new String(encoder.encode(event), StandardCharsets.UTF_8);

        assertThat(out).doesNotContain(GUID).doesNotContain(B64).contains("robot <redacted> header Basic <redacted>")
                .contains("failed for <redacted>");
    }

    @Test
    void hidesEverySecretInAnyCaseAndLeavesOtherTextAlone() {
        String upper = GUID.toUpperCase(java.util.Locale.ROOT);
        assertThat(RedactingEncoder.replaceIgnoringCase("a " + upper + " b " + GUID + " c", GUID))
                .isEqualTo("a <redacted> b <redacted> c");
        assertThat(RedactingEncoder.replaceIgnoringCase("Da8BC2F0-8065-4385-B867-405E66B8E151", GUID)).isEqualTo("<redacted>");
        assertThat(RedactingEncoder.replaceIgnoringCase(GUID + GUID, GUID)).isEqualTo("<redacted><redacted>");
        assertThat(RedactingEncoder.replaceIgnoringCase("da8bc2f0-8065", GUID)).isEqualTo("da8bc2f0-8065");
        String plain = "nothing secret here";
        assertThat(RedactingEncoder.replaceIgnoringCase(plain, GUID)).isSameAs(plain);
    }
}
