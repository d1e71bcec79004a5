package dev.belay.launcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.pattern.DynamicConverter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link LineLayout} writes, event for event, what Logback's {@code PatternLayout} writes with the
 * patterns it stands for: the formats people and tools read stay as they were.
 */
class LineLayoutTest {

    private final LoggerContext context = new LoggerContext();

    @Test
    void writesWhatPatternLayoutWritesWithTheConsolePattern() {
        PatternLayout oracle = patternLayout(Logging.CONSOLE_PATTERN);
        LineLayout layout = start(LineLayout.console());
        for (LoggingEvent event : events()) {
            assertThat(layout.doLayout(event)).as(describe(event)).isEqualTo(oracle.doLayout(event));
        }
    }

    @Test
    void writesWhatPatternLayoutWritesWithTheFilePatternStackTracesIncluded() {
        PatternLayout oracle = patternLayout(Logging.FILE_PATTERN);
        LineLayout layout = start(LineLayout.file());
        for (LoggingEvent event : events()) {
            assertThat(layout.doLayout(event)).as(describe(event)).isEqualTo(oracle.doLayout(event));
        }
    }

    /** Every level; with and without a job (one that tries to forge a line); odd messages and loggers; exceptions. */
    private List<LoggingEvent> events() {
        List<LoggingEvent> events = new ArrayList<>();
        Random random = new Random(7);
        String[] loggers = {"t", "dev.belay.core.internal.RobotLoop", "dev.belay.script", "io.github.resilience4j.retry.internal.RetryImpl",
                "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.Last", "NoPackageButAVeryLongNameIndeedLongerThanThirty"};
        String[] messages = {"job {} taken: script '{}'", "plain", "a\r\nb\tc\u0000d\u007fe", "", "ünïcödé ✓ {}", null};
        String[] jobs = {null, "1f9c3c8e-4b8a-4a9f-9d1e-5b6f7a8b9c0d", "j1\r\nX-Injected: 1\t"};
        Level[] levels = {Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR};
        IOException cause = new IOException("reset\r\nby peer");
        Throwable[] throwables = {null, new IllegalStateException("outer", cause), new RuntimeException()};
        throwables[2].addSuppressed(new IllegalArgumentException("suppressed"));
        for (int i = 0; i < 300; i++) {
            String loggerName = loggers[random.nextInt(loggers.length)];
            LoggingEvent event = new LoggingEvent("fqcn", context.getLogger(loggerName), levels[random.nextInt(levels.length)],
                    messages[random.nextInt(messages.length)], throwables[random.nextInt(throwables.length)],
                    new Object[] {"g\r\n12:00:00.000 INFO  forged", i});
            event.setTimeStamp(random.nextLong() % 4_000_000_000_000L + 2_000_000_000_000L);
            event.setThreadName(i % 2 == 0 ? "main" : "belay-script-1234-stdout");
            String job = jobs[random.nextInt(jobs.length)];
            Map<String, String> mdc = new HashMap<>();
            if (job != null) {
                mdc.put("job", job);
            }
            if (random.nextBoolean()) {
                mdc.put("other", "x");
            }
            event.setMDCPropertyMap(mdc);
            events.add(event);
        }
        return events;
    }

    private static String describe(LoggingEvent event) {
        return event.getLevel() + " " + event.getLoggerName() + " '" + event.getMessage() + "' " + event.getThrowableProxy();
    }

    private LineLayout start(LineLayout layout) {
        layout.setContext(context);
        layout.start();
        return layout;
    }

    private PatternLayout patternLayout(String pattern) {
        @SuppressWarnings("unchecked")
        Map<String, Supplier<DynamicConverter>> rules =
                (Map<String, Supplier<DynamicConverter>>) context.getObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS);
        if (rules == null) {
            rules = new HashMap<>();
            context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, rules);
        }
        rules.put("printable", PrintableConverter::new);
        rules.put("stamp", StampConverter::new);
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern(pattern);
        layout.start();
        return layout;
    }
}
