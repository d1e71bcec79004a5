package dev.belay.launcher.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Configures Logback in code: faster than parsing XML at every start, and the secrets to redact are
 * only known once the configuration has been read.
 *
 * <p>Console: one short line per event and no stack traces (a person reads it). File
 * ({@code <state>/logs/belay.log}, rolled at 10 MB, 5 kept): everything, with stack traces and the job
 * GUID from the MDC. Script output arrives under the core's logger {@code dev.belay.script}.
 */
public final class Logging {

    /**
     * The two line formats in {@code PatternLayout}'s words; {@link LineLayout} writes them. Messages
     * carry text from the orchestrator (job GUIDs, script names) and from scripts: a CR, LF or NUL in it
     * would forge a log line of its own. Every control character but TAB is shown as '?'.
     */
    static final String SAFE_MESSAGE = "%printable(%msg){tab}";
    static final String CONSOLE_PATTERN = "%stamp{HH:mm:ss.SSS} %-5level " + SAFE_MESSAGE + "%n%nopex";
    static final String FILE_PATTERN = "%stamp{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] [%printable(%X{job}){strict}] %logger{30} - "
            + SAFE_MESSAGE + "%n";

    private Logging() {
    }

    /** The configuration used before the settings are known (and by commands that need no file log). */
    public static void consoleOnly(Level level) {
        LoggerContext ctx = context();
        ctx.reset();
        consoleOnly(ctx, level);
    }

    /** For Logback's own start-up, which must not call back into {@link LoggerFactory}. */
    static void consoleOnly(LoggerContext ctx, Level level) {
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        root.addAppender(console(ctx, false, List.of()));
        quietLibraries(ctx);
    }

    /**
     * @param logDir   where belay.log goes; null for console only
     * @param json     one JSON object per line (Logback's JsonEncoder) instead of text
     * @param robotGuid redacted everywhere, in every form of {@link #secretForms}
     */
    public static void configure(Path logDir, boolean json, Level level, String robotGuid) {
        List<String> secrets = robotGuid == null ? List.of() : secretForms(robotGuid);
        LoggerContext ctx = context();
        ctx.reset();
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        root.addAppender(console(ctx, json, secrets));
        if (logDir != null) {
            root.addAppender(file(ctx, logDir, json, secrets));
        }
        quietLibraries(ctx);
    }

    private static void quietLibraries(LoggerContext ctx) {
        // Resilience4j's own events are logged by our decorator; its internals are noise at INFO.
        ctx.getLogger("io.github.resilience4j").setLevel(Level.WARN);
    }

    private static LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }

    /**
     * The forms of the robot GUID that are redacted (each in any case, {@link RedactingEncoder}): as
     * configured; its base64, which the Authorization header carries; and for a GUID of the usual
     * 8-4-4-4-12 shape, without its braces and as 32 hex digits without dashes (Python's {@code uuid.hex}).
     */
    static List<String> secretForms(String robotGuid) {
        List<String> forms = new ArrayList<>();
        forms.add(robotGuid);
        forms.add(Base64.getEncoder().encodeToString(robotGuid.getBytes(StandardCharsets.UTF_8)));
        String bare = robotGuid.startsWith("{") && robotGuid.endsWith("}")
                ? robotGuid.substring(1, robotGuid.length() - 1) : robotGuid;
        if (Guids.isCanonical(bare)) {
            if (!bare.equals(robotGuid)) {
                forms.add(bare); // configured in braces, echoed without them
            }
            forms.add(bare.replace("-", ""));
        }
        return List.copyOf(forms);
    }

    private static ConsoleAppender<ILoggingEvent> console(LoggerContext ctx, boolean json, List<String> secrets) {
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(ctx);
        appender.setName("console");
        appender.setEncoder(redacting(ctx, json ? jsonEncoder(ctx) : lines(ctx, LineLayout.console()), secrets));
        appender.start();
        return appender;
    }

    private static RollingFileAppender<ILoggingEvent> file(LoggerContext ctx, Path dir, boolean json, List<String> secrets) {
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(ctx);
        appender.setName("file");
        appender.setFile(dir.resolve("belay.log").toString());
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(ctx);
        rolling.setParent(appender);
        rolling.setFileNamePattern(dir.resolve("belay.%i.log").toString());
        rolling.setMinIndex(1);
        rolling.setMaxIndex(5);
        rolling.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(ctx);
        trigger.setMaxFileSize(FileSize.valueOf("10MB"));
        trigger.start();
        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        appender.setEncoder(redacting(ctx, json ? jsonEncoder(ctx) : lines(ctx, LineLayout.file()), secrets));
        appender.start();
        return appender;
    }

    private static Encoder<ILoggingEvent> lines(LoggerContext ctx, LineLayout layout) {
        layout.setContext(ctx);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(ctx);
        encoder.setLayout(layout);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext ctx) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(ctx);
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> redacting(LoggerContext ctx, Encoder<ILoggingEvent> delegate, List<String> secrets) {
        RedactingEncoder<ILoggingEvent> encoder = new RedactingEncoder<>(delegate, secrets);
        encoder.setContext(ctx);
        encoder.start();
        return encoder;
    }
}
