package dev.belay.launcher.internal;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.TimeZone;

/**
 * {@code %stamp{pattern[, zone]}}: the event's time as {@code %d{pattern[, zone]}} writes it (a
 * {@link DateTimeFormatter} pattern; the JVM's time zone unless one is named), with the formatter run once a second rather
 * than once a millisecond: the part before the milliseconds ({@code SSS}) and the part after them are
 * kept for the current second, and each event adds its three digits. A chatty script's first lines are
 * logged one by one while its pipe fills, and formatting each line's time was over a third of what a
 * line cost (BENCHMARKS.md, output). Any other pattern (no {@code SSS} or several, another
 * sub-second field, optional sections) is formatted whole for every event.
 *
 * <p>In the JVM's own zone, and with no field that names the zone ({@code V}, {@code v}, {@code z}),
 * each second's offset comes from {@link TimeZone}, which the JVM has read its time zone data into
 * already: {@code java.time}'s zone rules would read the same file a second time at every start
 * (BENCHMARKS.md, start).
 */
public final class StampConverter extends ClassicConverter {

    /** The current second, formatted, and the offset from UTC it was formatted at. */
    private record Second(long epochSecond, String before, String after, ZoneOffset offset,
                          DateTimeFormatter beforeAt, DateTimeFormatter afterAt) {
    }

    private DateTimeFormatter whole;
    private DateTimeFormatter before;
    private DateTimeFormatter after;
    /** The JVM's zone, read through its offsets; null when the formatters carry their zone. */
    private TimeZone offsets;
    private volatile Second current;

    @Override
    public void start() {
        List<String> options = getOptionList() == null ? List.of() : getOptionList();
        String pattern = options.isEmpty() ? "yyyy-MM-dd'T'HH:mm:ss.SSSXXX" : options.get(0);
        ZoneId zone;
        if (options.size() > 1) {
            zone = ZoneId.of(options.get(1).trim());
        } else if (namesTheZone(pattern)) {
            zone = ZoneId.systemDefault();
        } else {
            offsets = TimeZone.getDefault();
            zone = offsetAt(System.currentTimeMillis());
        }
        int millis = millisField(pattern);
        if (millis < 0) {
            whole = DateTimeFormatter.ofPattern(pattern).withZone(zone);
        } else {
            before = DateTimeFormatter.ofPattern(pattern.substring(0, millis)).withZone(zone);
            after = DateTimeFormatter.ofPattern(pattern.substring(millis + 3)).withZone(zone);
        }
        super.start();
    }

    @Override
    public String convert(ILoggingEvent event) {
        return format(event.getTimeStamp());
    }

    String format(long epochMillis) {
        if (whole != null) {
            DateTimeFormatter f = offsets == null ? whole : whole.withZone(offsetAt(epochMillis));
            return f.format(Instant.ofEpochMilli(epochMillis));
        }
        long epochSecond = Math.floorDiv(epochMillis, 1000);
        Second s = current;
        if (s == null || s.epochSecond != epochSecond) {
            s = second(epochSecond, s);
            current = s;
        }
        int millis = (int) Math.floorMod(epochMillis, 1000);
        return new StringBuilder(s.before.length() + 3 + s.after.length()).append(s.before)
                .append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10)).append((char) ('0' + millis % 10))
                .append(s.after).toString();
    }

    /** A second formatted; the formatters of the last one are kept while the offset stays (all year but two seconds). */
    private Second second(long epochSecond, Second last) {
        Instant at = Instant.ofEpochSecond(epochSecond);
        if (offsets == null) {
            return new Second(epochSecond, before.format(at), after.format(at), null, before, after);
        }
        ZoneOffset offset = offsetAt(epochSecond * 1000);
        DateTimeFormatter b = last != null && offset.equals(last.offset) ? last.beforeAt : before.withZone(offset);
        DateTimeFormatter a = last != null && offset.equals(last.offset) ? last.afterAt : after.withZone(offset);
        return new Second(epochSecond, b.format(at), a.format(at), offset, b, a);
    }

    /** Offsets of a second's start hold for the whole second: zones change only at whole seconds. */
    private ZoneOffset offsetAt(long epochMillis) {
        return ZoneOffset.ofTotalSeconds(offsets.getOffset(epochMillis) / 1000);
    }

    /** Whether a letter outside quotes needs the zone's name or ID rather than its offset. */
    static boolean namesTheZone(String pattern) {
        boolean quoted = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && (c == 'V' || c == 'v' || c == 'z')) {
                return true;
            }
        }
        return false;
    }

    /**
     * Where the one {@code SSS} outside quotes starts, or -1 when there is none or more than one, or the
     * pattern has another sub-second field ({@code n}, {@code N}, {@code A}) or optional sections.
     */
    static int millisField(String pattern) {
        int found = -1;
        boolean quoted = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && (c == 'n' || c == 'N' || c == 'A' || c == '[')) {
                return -1; // another sub-second field, or optional sections: formatted whole
            } else if (!quoted && c == 'S') {
                int end = i;
                while (end < pattern.length() && pattern.charAt(end) == 'S') {
                    end++;
                }
                if (end - i != 3 || found >= 0) {
                    return -1;
                }
                found = i;
                i = end - 1;
            }
        }
        return found;
    }
}
