package dev.belay.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    private static final Instant NOW = Instant.parse("2026-11-29T02:00:00Z");

    @Test
    void retryAfterAcceptsDelaySeconds() {
        assertThat(Failures.retryAfter(" 30 ", NOW)).isEqualTo(Duration.ofSeconds(30));
        assertThat(Failures.retryAfter("0", NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void retryAfterAcceptsAnHttpDateRelativeToNow() {
        assertThat(Failures.retryAfter("Sun, 29 Nov 2026 02:01:30 GMT", NOW)).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void retryAfterInThePastIsZero() {
        assertThat(Failures.retryAfter("Sun, 29 Nov 2026 01:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void unparseableRetryAfterIsIgnored() {
        assertThat(Failures.retryAfter("soon", NOW)).isNull();
        assertThat(Failures.retryAfter("-5", NOW)).isNull();
        assertThat(Failures.retryAfter("99999999999999999999999", NOW)).isNull();
        assertThat(Failures.retryAfter("", NOW)).isNull();
        assertThat(Failures.retryAfter(null, NOW)).isNull();
    }

    @Test
    void excerptBlanksControlCharactersCollapsesSpaceAndBoundsLength() {
        String excerpt = Failures.excerpt("\r\n  a\u0000b\u001b[0m\u200b c\t\t" + "é".repeat(400), List.of());

        assertThat(excerpt).startsWith("a b [0m c éé").hasSize(200).endsWith("…");
        assertThat(excerpt.chars()).noneMatch(Character::isISOControl);
    }

    @Test
    void excerptRedactsSecretsInAnyCase() {
        assertThat(Failures.excerpt("robot DA8B-guid / da8b-GUID not found", List.of("da8b-guid")))
                .isEqualTo("robot <redacted> / <redacted> not found");
    }

    @Test
    void excerptNeverSplitsASurrogatePair() {
        String excerpt = Failures.excerpt("x".repeat(198) + "😀😀😀", List.of());

        assertThat(excerpt).hasSizeLessThanOrEqualTo(200).endsWith("x…");
    }

    @Test
    void connectFailuresAndHandshakeFailuresAreNotSent() {
        assertThat(Failures.classify(new ConnectException()).kind()).isEqualTo(Failures.IoKind.NOT_SENT);
        assertThat(Failures.classify(new NoRouteToHostException()).kind()).isEqualTo(Failures.IoKind.NOT_SENT);
        assertThat(Failures.classify(new UnknownHostException("orch.invalid")))
                .isEqualTo(new Failures.Classified(Failures.IoKind.NOT_SENT, "host name could not be resolved"));
        assertThat(Failures.classify(notSent(new SocketTimeoutException("connect timed out"))))
                .isEqualTo(new Failures.Classified(Failures.IoKind.NOT_SENT, "connect timed out"));
        assertThat(Failures.classify(notSent(new SSLHandshakeException("PKIX path building failed"))).reason())
                .startsWith("TLS handshake failed");
        assertThat(Failures.classify(notSent(new IOException("HTTPS hostname wrong:  should be <h>"))).reason())
                .startsWith("TLS handshake failed");
        assertThat(Failures.classify(notSent(new SocketException("Network is unreachable"))).kind())
                .isEqualTo(Failures.IoKind.NOT_SENT);
    }

    @Test
    void everythingElseMayHaveReachedTheServer() {
        assertThat(Failures.classify(new SocketTimeoutException("Read timed out")))
                .isEqualTo(new Failures.Classified(Failures.IoKind.NO_REPLY, "no reply within the read timeout"));
        assertThat(Failures.classify(new IOException("Connection reset")).kind()).isEqualTo(Failures.IoKind.NO_REPLY);
        assertThat(Failures.classify(new SocketException("Unexpected end of file from server")).kind())
                .isEqualTo(Failures.IoKind.NO_REPLY);
        assertThat(Failures.classify(new SSLException("closed")).kind()).isEqualTo(Failures.IoKind.NO_REPLY);
        // Outside connect(), even a handshake failure (a renegotiation) may follow a sent request.
        assertThat(Failures.classify(new SSLHandshakeException("renegotiation")).kind()).isEqualTo(Failures.IoKind.NO_REPLY);
        assertThat(Failures.classify(new IllegalStateException()).kind()).isEqualTo(Failures.IoKind.NO_REPLY);
    }

    private static UrlConnectionClient.NotSentException notSent(IOException cause) {
        return new UrlConnectionClient.NotSentException(cause);
    }
}
