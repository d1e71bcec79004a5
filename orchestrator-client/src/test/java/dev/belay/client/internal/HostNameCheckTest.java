package dev.belay.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.net.ssl.SNIHostName;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link HostNameCheck}'s matching against the JDK's own ({@code sun.security.util.HostnameChecker} for
 * TLS, opened to this test by the module's surefire {@code argLine}) as the oracle, over every pair of
 * a generated set of host names and certificate names, and its rules for a public root case by case.
 * The certificates themselves, the IP entries and the common name, go through real handshakes in
 * {@link LayeredTrustTest} and {@code TlsIT}.
 */
class HostNameCheckTest {

    private static Object jdkChecker;
    private static Method jdkIsMatched;

    @BeforeAll
    static void openTheJdksChecker() throws Exception {
        Class<?> checker = Class.forName("sun.security.util.HostnameChecker");
        jdkChecker = checker.getMethod("getInstance", byte.class).invoke(null, (byte) 2); // TYPE_TLS
        jdkIsMatched = checker.getDeclaredMethod("isMatched", String.class, String.class, boolean.class);
        jdkIsMatched.setAccessible(true);
    }

    /** The JDK's verdict for a chain to a private root: the host must be a valid SNI name, then the template match. */
    private static boolean jdk(String host, String template) throws Exception {
        try {
            new SNIHostName(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return (Boolean) jdkIsMatched.invoke(jdkChecker, host, template, false);
    }

    private static boolean ours(String host, String template, boolean publicRoot) {
        String ascii = HostNameCheck.asciiHostName(host);
        return ascii != null && HostNameCheck.matches(ascii, template, publicRoot);
    }

    @Test
    void agreesWithTheJdkOnEveryGeneratedPairUnderAPrivateRoot() throws Exception {
        List<String> hosts = names(new Random(42), false, 400);
        List<String> templates = names(new Random(7), true, 400);
        hosts.addAll(List.of("localhost", "orch.corp", "ORCH.Example.COM", "bücher.example", "xn--bcher-kva.example",
                "a.b.example", "example.com.", "-a.example", "a_b.example", "", "a..b", "*.example", "127.0.0.1"));
        templates.addAll(List.of("*", "*.", "*com", "*.corp", "*.example.com", "f*.example.com", "*o.example.com",
                "b*.example", "*.bücher.example", "Bücher.example", "xn--*.example", "a.*.example", "**.example",
                "localhost", "127.0.0.1", "*.*.example", "example.com."));

        int matched = 0;
        List<String> disagreements = new ArrayList<>();
        for (String host : hosts) {
            for (String template : templates) {
                boolean jdk = jdk(host, template);
                boolean ours = ours(host, template, false);
                matched += ours ? 1 : 0;
                if (ours != jdk && !(jdk && partialWildcardOverAnIdnLabel(host, template))) {
                    disagreements.add(host + " / " + template + ": JDK " + jdk + ", ours " + ours);
                }
            }
        }

        assertThat(disagreements).isEmpty();
        assertThat(matched).as("pairs that match (the generated names must exercise the matching)").isGreaterThan(300);
    }

    /** The one place where ours is stricter than the JDK, by design (RFC 6125 §6.4.3); never laxer. */
    private static boolean partialWildcardOverAnIdnLabel(String host, String template) {
        String hostLabel = HostNameCheck.asciiHostName(host);
        String templateLabel = template.contains(".") ? template.substring(0, template.indexOf('.')) : template;
        return hostLabel != null && hostLabel.startsWith("xn--") && templateLabel.contains("*") && !templateLabel.equals("*");
    }

    @Test
    void aPartialWildcardNeverMatchesAnIdnLabelWhichTheJdkMatchesInUnicode() throws Exception {
        assertThat(jdk("xn--bcher-kva.example", "b*.example")).isTrue();
        assertThat(ours("xn--bcher-kva.example", "b*.example", false)).isFalse();
        assertThat(ours("xn--bcher-kva.example", "*.example", false)).isTrue();
        assertThat(ours("bücher.example", "xn--bcher-kva.example", false)).isTrue();
    }

    @Test
    void underAPublicRootAWildcardMayNotCoverATopLevelDomain() {
        assertThat(ours("orch.corp", "*.corp", false)).isTrue();
        assertThat(ours("orch.corp", "*.corp", true)).isFalse();
        assertThat(ours("example.com", "*.com", true)).isFalse();
        assertThat(ours("orch.example.com", "*.example.com", true)).isTrue();
        assertThat(ours("orch.example.com", "orch.example.com", true)).isTrue();
        assertThat(ours("orch.example.com", "o*.example.com", true)).isTrue();
    }

    @Test
    void ipLiteralsAreParsedWithoutALookupAndOnlyInTheirPlainForms() {
        assertThat(HostNameCheck.ipLiteral("127.0.0.1")).containsExactly(127, 0, 0, 1);
        assertThat(HostNameCheck.ipLiteral("::1")).hasSize(16);
        assertThat(HostNameCheck.ipLiteral("0:0:0:0:0:0:0:1")).isEqualTo(HostNameCheck.ipLiteral("::1"));
        assertThat(HostNameCheck.ipLiteral("[::1]")).isEqualTo(HostNameCheck.ipLiteral("::1"));
        assertThat(HostNameCheck.ipLiteral("::ffff:10.0.0.1")).containsExactly(10, 0, 0, 1);
        assertThat(HostNameCheck.ipLiteral("localhost")).isNull();
        assertThat(HostNameCheck.ipLiteral("256.0.0.1")).isNull();
        assertThat(HostNameCheck.ipLiteral("127.1")).isNull();
        assertThat(HostNameCheck.ipLiteral("1.2.3.4.5")).isNull();
        assertThat(HostNameCheck.ipLiteral("no:such:host:name")).isNull();
    }

    @Test
    void theCommonNameIsTheSubjectsMostSpecific() throws Exception {
        assertThat(HostNameCheck.mostSpecificCommonName(new X500Principal("CN=orch.corp, OU=Robots, O=Acme, C=DE")))
                .isEqualTo("orch.corp");
        assertThat(HostNameCheck.mostSpecificCommonName(new X500Principal("CN=first, CN=orch.corp, O=Acme")))
                .isEqualTo("first");
        assertThat(HostNameCheck.mostSpecificCommonName(new X500Principal("CN=orch\\,corp, O=Acme"))).isEqualTo("orch,corp");
        assertThat(HostNameCheck.mostSpecificCommonName(new X500Principal("OU=Robots, O=Acme"))).isNull();
    }

    /** Names of 1–3 labels over a small alphabet, with the forms that trip matchers up. */
    private static List<String> names(Random random, boolean templates, int count) {
        String[] labels = {"a", "b", "ab", "ba", "orch", "xn--bcher-kva", "bücher", "A", "Ab", "a-b", "-a", "a-", "a_b", "1", "0a"};
        String[] wildcards = {"*", "a*", "*b", "a*b", "*a*", "**", "o*h", "xn--*"};
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = 1 + random.nextInt(3);
            StringBuilder name = new StringBuilder();
            for (int l = 0; l < n; l++) {
                if (l > 0) {
                    name.append('.');
                }
                boolean wildcard = templates && random.nextInt(3) == 0 && (l == 0 || random.nextInt(6) == 0);
                name.append(wildcard ? wildcards[random.nextInt(wildcards.length)] : labels[random.nextInt(labels.length)]);
            }
            if (random.nextInt(25) == 0) {
                name.append('.');
            }
            out.add(name.toString());
        }
        return out;
    }
}
