package dev.belay.launcher.internal;

import ch.qos.logback.classic.pattern.LoggerConverter;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.util.List;
import java.util.Map;

/**
 * The agent's two line formats, {@link Logging#CONSOLE_PATTERN} and {@link Logging#FILE_PATTERN},
 * written by code instead of a {@code PatternLayout}: that class registers its ~50 conversion words
 * through lambdas when it loads, ~10 ms of every agent's start (BENCHMARKS.md, start), and runs a
 * chain of converters for every event. What it writes is what the patterns write through
 * {@code PatternLayout}, character for character ({@code LineLayoutTest} holds it to that): the logger
 * name abbreviated by Logback's own converter, and in the file the stack trace that
 * {@code PatternLayout} appends to a pattern that names none.
 */
final class LineLayout extends LayoutBase<ILoggingEvent> {

    private final boolean file;
    private final StampConverter stamp = new StampConverter();
    private final LoggerConverter logger = new LoggerConverter();
    private final ThrowableProxyConverter throwable = new ThrowableProxyConverter();

    private LineLayout(boolean file) {
        this.file = file;
    }

    /** {@code HH:mm:ss.SSS LEVEL message}: a person reads it; no stack traces. */
    static LineLayout console() {
        return new LineLayout(false);
    }

    /** Everything: the date and offset, the thread, the job, the logger, and stack traces. */
    static LineLayout file() {
        return new LineLayout(true);
    }

    @Override
    public void start() {
        stamp.setOptionList(List.of(file ? "yyyy-MM-dd'T'HH:mm:ss.SSSXXX" : "HH:mm:ss.SSS"));
        stamp.setContext(getContext());
        stamp.start();
        if (file) {
            logger.setOptionList(List.of("30"));
            logger.setContext(getContext());
            logger.start();
            throwable.setContext(getContext());
            throwable.start();
        }
        super.start();
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(128);
        line.append(stamp.convert(event)).append(' ');
        String level = event.getLevel().toString();
        line.append(level);
        for (int i = level.length(); i < 5; i++) {
            line.append(' ');
        }
        line.append(' ');
        if (file) {
            Map<String, String> mdc = event.getMDCPropertyMap();
            String job = mdc == null ? null : mdc.get("job");
            line.append('[').append(event.getThreadName()).append("] [")
                    .append(PrintableConverter.printable(job == null ? "" : job, true)).append("] ")
                    .append(logger.convert(event)).append(" - ");
        }
        line.append(PrintableConverter.printable(String.valueOf(event.getFormattedMessage()), false));
        line.append(CoreConstants.LINE_SEPARATOR);
        if (file) {
            line.append(throwable.convert(event));
        }
        return line.toString();
    }
}
