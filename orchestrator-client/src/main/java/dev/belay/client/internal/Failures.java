package dev.belay.client.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;

/** Pure helpers for turning failures into the terms of {@link dev.belay.client.OrchestratorException}. */
final class Failures {

    static final int MAX_EXCERPT = 200;

    private Failures() {
    }

    /** What an I/O failure of the HTTP exchange (as wrapped by Feign) says about the request. */
    enum IoKind {
        /** Certainly never reached the server. */
        NOT_SENT,
        /** May have reached it. */
        NO_REPLY
    }

    record Classified(IoKind kind, String reason) {
    }

    /**
     * Sorts an exception from the transport ({@link Http1Client}, or {@link UrlConnectionClient} through a
     * proxy). Both throw a {@link UrlConnectionClient.NotSentException} for whatever failed before a byte
     * of the request was written — TCP connect, connect timeout, name resolution, TLS handshake and host
     * name check, a request that could not be written — the cause says which. A bare
     * {@link ConnectException}, {@link NoRouteToHostException} or {@link UnknownHostException} can only
     * come from connecting too. Everything else — reset, EOF, a
     * read timeout ({@link SocketTimeoutException}), garbage instead of a status line — may follow a
     * request the server has read, so it is {@link IoKind#NO_REPLY}: when unsure, say "may have
     * reached", never the reverse.
     */
    static Classified classify(Throwable failure) {
        if (failure instanceof UrlConnectionClient.NotSentException) {
            Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
            return new Classified(IoKind.NOT_SENT, notSentReason(cause));
        }
        if (failure instanceof ConnectException || failure instanceof NoRouteToHostException
                || failure instanceof UnknownHostException) {
            return new Classified(IoKind.NOT_SENT, notSentReason(failure));
        }
        if (failure instanceof SocketTimeoutException) {
            return new Classified(IoKind.NO_REPLY, "no reply within the read timeout");
        }
        if (failure instanceof IOException) {
            return new Classified(IoKind.NO_REPLY, "connection failed after the request was sent: " + describe(failure));
        }
        return new Classified(IoKind.NO_REPLY, "request failed: " + describe(failure));
    }

    /** Why a connect-phase failure (nothing sent) happened, in the words the messages have always used. */
    private static String notSentReason(Throwable cause) {
        if (hasCause(cause, UnknownHostException.class)) {
            return "host name could not be resolved";
        }
        if (cause instanceof SocketTimeoutException) {
            return "connect timed out";
        }
        if (cause instanceof SSLException) {
            return "TLS handshake failed: " + describe(cause);
        }
        if (cause instanceof IOException && String.valueOf(cause.getMessage()).startsWith("HTTPS hostname wrong")) {
            // HttpsURLConnection's own host name check (only used with a custom verifier).
            return "TLS handshake failed: " + describe(cause);
        }
        return "connection failed: " + describe(cause);
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " (" + m + ")");
    }

    /**
     * A short, single-line excerpt of a reply body fit for messages and logs: control characters become
     * spaces, runs of blanks collapse, every secret is replaced by {@code <redacted>} (an orchestrator
     * may echo the robot GUID back), and the result is at most {@link #MAX_EXCERPT} characters.
     */
    static String excerpt(String body, List<String> secrets) {
        StringBuilder sb = new StringBuilder();
        boolean blank = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            // Control and invisible format characters could forge log lines or hide text: blank them.
            if (Character.isISOControl(c) || Character.isWhitespace(c) || Character.getType(c) == Character.FORMAT) {
                if (!blank && sb.length() > 0) {
                    sb.append(' ');
                }
                blank = true;
            } else {
                sb.append(c);
                blank = false;
            }
        }
        String text = redact(sb.toString().strip(), secrets);
        if (text.length() > MAX_EXCERPT) {
            int cut = MAX_EXCERPT - 1;
            if (Character.isHighSurrogate(text.charAt(cut - 1))) {
                cut--;
            }
            text = text.substring(0, cut) + "…";
        }
        return text;
    }

    static String redact(String text, List<String> secrets) {
        String result = text;
        for (String secret : secrets) {
            // Too short to hold it (the empty ErrorText of every heartbeat reply): no pattern to compile.
            if (secret.isEmpty() || result.length() < secret.length()) {
                continue;
            }
            // Case-insensitive for GUIDs (hex digits may come back upper-cased); literal otherwise.
            result = result.replaceAll("(?i)" + java.util.regex.Pattern.quote(secret), "<redacted>");
        }
        return result;
    }

    /**
     * {@code Retry-After}: delay-seconds or an HTTP-date (RFC 9110 §10.2.3), relative to {@code now}.
     * A date in the past yields zero; anything unparseable yields null (the header is advice, not a
     * reason to fail).
     */
    static Duration retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String v = header.trim();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofSeconds(Long.parseLong(v));
            } catch (NumberFormatException e) {
                return null; // more digits than a long: nonsense
            }
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT)).toInstant();
            Duration d = Duration.between(now, at);
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
