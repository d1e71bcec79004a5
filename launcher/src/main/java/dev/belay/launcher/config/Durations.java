package dev.belay.launcher.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Parses the durations the CLI accepts: {@code 10s}, {@code 500ms}, {@code 2m}, {@code 1h}, {@code PT10S}, {@code 0.05}. */
public final class Durations {

    private Durations() {
    }

    /** @throws IllegalArgumentException with a message that shows the accepted forms */
    public static Duration parse(String text) {
        Duration d = parseSigned(text);
        if (d.isNegative()) {
            throw new IllegalArgumentException("'" + text + "' is negative (use e.g. 10s, 500ms, 2m, PT10S or a number of seconds)");
        }
        return d;
    }

    /** Any sign: {@code -1s} and {@code PT-10S} alike are refused by {@link #parse}, with one message. */
    private static Duration parseSigned(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p") || t.startsWith("-p") || t.startsWith("+p")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return ofSeconds(new BigDecimal(t.substring(0, t.length() - 2).trim()).movePointLeft(3));
            }
            if (t.endsWith("s")) {
                return ofSeconds(new BigDecimal(t.substring(0, t.length() - 1).trim()));
            }
            if (t.endsWith("m")) {
                return ofSeconds(new BigDecimal(t.substring(0, t.length() - 1).trim()).multiply(BigDecimal.valueOf(60)));
            }
            if (t.endsWith("h")) {
                return ofSeconds(new BigDecimal(t.substring(0, t.length() - 1).trim()).multiply(BigDecimal.valueOf(3600)));
            }
            return ofSeconds(new BigDecimal(t));
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (use e.g. 10s, 500ms, 2m, PT10S or a number of seconds)");
        }
    }

    private static Duration ofSeconds(BigDecimal seconds) {
        BigDecimal nanos = seconds.movePointRight(9);
        return Duration.ofNanos(nanos.longValueExact());
    }

    /** {@code 10s}, {@code 500ms}, {@code 1m30s}: how durations are shown back to a person. */
    public static String format(Duration d) {
        if (d.toMillis() < 1000 && d.toMillis() * 1_000_000 == d.toNanos()) {
            return d.toMillis() + "ms";
        }
        if (d.toNanos() % 1_000_000_000 == 0) {
            return d.toSeconds() + "s";
        }
        return BigDecimal.valueOf(d.toNanos()).movePointLeft(9).stripTrailingZeros().toPlainString() + "s";
    }
}
