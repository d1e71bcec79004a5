package dev.belay.launcher.internal;

import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Wraps any encoder and replaces every secret in what it produces — the message, the arguments, the
 * MDC, stack traces, JSON fields alike. The libraries already keep secrets out of their lines; this
 * is the last line of defence, so that a mistake anywhere cannot leak the robot's credential.
 *
 * <p>Secrets are matched ignoring case: a GUID is the same GUID in capitals (a script that prints
 * {@code os.environ["ROBOT_GUID"].upper()}, an orchestrator that echoes it in its own case). For the
 * base64 form that widens the match to strings no one would write by chance, which costs nothing.
 */
public final class RedactingEncoder<E> extends EncoderBase<E> {

    private final Encoder<E> delegate;
    private final List<String> secrets;

    /** @param secrets the literal strings to hide; blank ones are ignored */
    public RedactingEncoder(Encoder<E> delegate, List<String> secrets) {
        this.delegate = delegate;
        this.secrets = secrets.stream().filter(s -> s != null && s.length() >= 4).distinct().toList();
    }

    @Override
    public byte[] headerBytes() {
        return delegate.headerBytes();
    }

    @Override
    public byte[] encode(E event) {
        byte[] bytes = delegate.encode(event);
        if (secrets.isEmpty() || bytes == null) {
            return bytes;
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        String redacted = text;
        for (String s : secrets) {
            redacted = replaceIgnoringCase(redacted, s);
        }
        return redacted == text ? bytes : redacted.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code text} with every occurrence of {@code secret}, in any case, replaced; {@code text} itself
     * when there is none. A scan for the secret's first character, not a regex or a lower-cased copy:
     * this runs for every log line, and lower-casing can change a string's length.
     */
    static String replaceIgnoringCase(String text, String secret) {
        int length = secret.length();
        char lower = Character.toLowerCase(secret.charAt(0));
        char upper = Character.toUpperCase(secret.charAt(0));
        return TextRuns.replace(text, length, i -> {
            char c = text.charAt(i);
            return (c == lower || c == upper) && text.regionMatches(true, i, secret, 0, length);
        }, "<redacted>");
    }

    @Override
    public byte[] footerBytes() {
        return delegate.footerBytes();
    }

    @Override
    public void start() {
        if (!delegate.isStarted()) {
            delegate.start();
        }
        super.start();
    }

    @Override
    public void stop() {
        delegate.stop();
        super.stop();
    }
}
