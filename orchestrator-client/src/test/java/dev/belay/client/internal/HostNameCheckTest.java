package dev.belay.client.internal;

import static dev.belay.client.internal.TestCertificates.keytool;
import static dev.belay.client.internal.TestCertificates.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SNIHostName;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HostNameCheck} against the JDK's own check for TLS ({@code sun.security.util.HostnameChecker},
 * opened to this test by the module's surefire {@code argLine}) as the oracle: the name matching over
 * every pair of a generated set of host names and certificate names, and the whole check over real
 * certificates (made in this JVM by the JDK's keytool) and host names of every kind. It may refuse
 * where the JDK accepts only in the ways its comment names; it must never accept where the JDK
 * refuses. Real handshakes: {@link LayeredTrustTest} and {@code TlsIT}.
 */
class HostNameCheckTest {

    private static final String PASS = TestCertificates.PASS;
    private static final BooleanSupplier PRIVATE_ROOT = () -> false;

    @TempDir
    static Path dir;
    private static Object jdkChecker;
    private static Method jdkIsMatched;
    private static Method jdkMatch;

    @BeforeAll
    static void openTheJdksChecker() throws Exception {
        Class<?> checker = Class.forName("sun.security.util.HostnameChecker");
        byte tls = checker.getField("TYPE_TLS").getByte(null);
        jdkChecker = checker.getMethod("getInstance", byte.class).invoke(null, tls);
        jdkIsMatched = checker.getDeclaredMethod("isMatched", String.class, String.class, boolean.class);
        jdkIsMatched.setAccessible(true);
        jdkMatch = checker.getMethod("match", String.class, X509Certificate.class, boolean.class);
    }

    // ------------------------------------------------------------------ the name matching

    /** The JDK's verdict for a chain to a private root: the host must be a valid SNI name, then the template match. */
    private static boolean jdkMatches(String host, String template) throws Exception {
        return jdkMatches(host, template, false);
    }

    private static boolean jdkMatches(String host, String template, boolean chainsToPublicCA) throws Exception {
        try {
            new SNIHostName(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return (Boolean) jdkIsMatched.invoke(jdkChecker, host, template, chainsToPublicCA);
    }

    private static boolean ours(String host, String template, BooleanSupplier publicRoot) {
        String ascii = HostNameCheck.asciiHostName(host);
        return ascii != null && HostNameCheck.matches(ascii, template, publicRoot);
    }

    @Test
    void matchesNamesAsTheJdkDoesOnEveryGeneratedPairUnderAPrivateRoot() throws Exception {
        List<String> hosts = names(new Random(42), false, 400);
        List<String> templates = names(new Random(7), true, 400);
        hosts.addAll(List.of("localhost", "orch.corp", "ORCH.Example.COM", "bücher.example", "xn--bcher-kva.example",
                "a.b.example", "-a.example", "a_b.example", "", "a..b", "*.example"));
        templates.addAll(List.of("*", "*.", "*com", "*.corp", "*.example.com", "f*.example.com", "*o.example.com",
                "b*.example", "*.bücher.example", "Bücher.example", "xn--*.example", "a.*.example", "**.example",
                "localhost", "*.*.example", "example.com."));

        int matched = 0;
        List<String> disagreements = new ArrayList<>();
        for (String host : hosts) {
            for (String template : templates) {
                boolean jdk = jdkMatches(host, template);
                boolean ours = ours(host, template, PRIVATE_ROOT);
                matched += ours ? 1 : 0;
                boolean stricterByDesign = jdk && (partialWildcardOverAnIdnLabel(HostNameCheck.asciiHostName(host), template)
                        || wildcardBeyondTheLeftmostLabel(template));
                if (ours != jdk && !stricterByDesign) {
                    disagreements.add(host + " / " + template + ": JDK " + jdk + ", ours " + ours);
                }
            }
        }

        assertThat(disagreements).isEmpty();
        assertThat(matched).as("pairs that match (the generated names must exercise the matching)").isGreaterThan(300);
    }

    @Test
    void matchesNamesAsTheJdkDoesUnderOneOfItsRootsButForTheTopLevelDomainRule() throws Exception {
        // Only a wildcard can tell a public root from a private one; the JDK's public suffix look-up is slow, so fewer pairs.
        List<String> hosts = names(new Random(42), false, 40);
        List<String> templates = names(new Random(7), true, 200);
        templates.removeIf(t -> !t.contains("*"));
        hosts.addAll(List.of("x.co.uk", "example.com", "orch.corp", "x.com", "orch.example.com"));
        templates.addAll(List.of("*.co.uk", "*.com", "*.COM", "*.corp", "*.example.com", "o*.example.com"));

        int matched = 0;
        List<String> disagreements = new ArrayList<>();
        for (String host : hosts) {
            for (String template : templates) {
                boolean jdk = jdkMatches(host, template, true);
                boolean ours = ours(host, template, () -> true);
                boolean stricterByDesign = jdk && (partialWildcardOverAnIdnLabel(HostNameCheck.asciiHostName(host), template)
                        || wildcardBeyondTheLeftmostLabel(template) || wildcardOverOneLabel(template));
                boolean laxerAsDocumented = ours && template.equals("*.co.uk");
                matched += jdk ? 1 : 0;
                if (ours != jdk && !stricterByDesign && !laxerAsDocumented) {
                    disagreements.add(host + " / " + template + ": JDK " + jdk + ", ours " + ours);
                }
            }
        }

        assertThat(disagreements).isEmpty();
        assertThat(matched).as("pairs the JDK matches (the generated names must exercise the matching)").isGreaterThan(8);
        assertThat(jdkMatches("x.co.uk", "*.co.uk", true)).as("the JDK's public suffix rule").isFalse();
        assertThat(ours("x.co.uk", "*.co.uk", () -> true)).as("the one laxer case").isTrue();
        assertThat(jdkMatches("orch.corp", "*.corp", true)).isTrue();
        assertThat(ours("orch.corp", "*.corp", () -> true)).as("stricter").isFalse();
    }

    private static boolean wildcardOverOneLabel(String template) {
        int star = template.lastIndexOf('*');
        int dot = template.indexOf('.', Math.max(star, 0));
        return star >= 0 && dot >= 0 && template.indexOf('.', dot + 1) < 0;
    }

    /** The first of the places where ours is stricter than the JDK, by design (RFC 6125 §6.4.3). */
    private static boolean partialWildcardOverAnIdnLabel(String asciiHost, String template) {
        String templateLabel = template.contains(".") ? template.substring(0, template.indexOf('.')) : template;
        return asciiHost != null && asciiHost.startsWith("xn--") && templateLabel.contains("*") && !templateLabel.equals("*");
    }

    /**
     * The second: JDK 17's checker for TLS takes a wildcard in any label ({@code a.*.example}); JDK 19 and
     * later take it in the leftmost one only (RFC 6125 §6.4.3), as this does on every JDK.
     */
    private static boolean wildcardBeyondTheLeftmostLabel(String template) {
        int firstDot = template.indexOf('.');
        return firstDot >= 0 && template.indexOf('*', firstDot) >= 0;
    }

    @Test
    void aPartialWildcardNeverMatchesAnIdnLabelWhichTheJdkMatchesInUnicode() throws Exception {
        assertThat(jdkMatches("xn--bcher-kva.example", "b*.example")).isTrue();
        assertThat(ours("xn--bcher-kva.example", "b*.example", PRIVATE_ROOT)).isFalse();
        assertThat(ours("xn--bcher-kva.example", "*.example", PRIVATE_ROOT)).isTrue();
        assertThat(ours("bücher.example", "xn--bcher-kva.example", PRIVATE_ROOT)).isTrue();
    }

    @Test
    void aWildcardOverATopLevelDomainMatchesOnlyUnderAPrivateRootAndOnlyThatCaseAsksWhichRootItIs() {
        AtomicInteger asked = new AtomicInteger();
        BooleanSupplier publicRoot = () -> {
            asked.incrementAndGet();
            return true;
        };

        assertThat(ours("orch.corp", "*.corp", PRIVATE_ROOT)).isTrue();
        assertThat(ours("orch.corp", "*.corp", publicRoot)).isFalse();
        assertThat(ours("example.com", "*.com", publicRoot)).isFalse();
        assertThat(asked).hasValue(2);

        assertThat(ours("orch.example.com", "*.example.com", publicRoot)).isTrue();
        assertThat(ours("orch.example.com", "orch.example.com", publicRoot)).isTrue();
        assertThat(ours("orch.example.com", "o*.example.com", publicRoot)).isTrue();
        assertThat(ours("orch.other.com", "*.example.com", publicRoot)).isFalse();
        assertThat(ours("orch.corp", "orch.corp", publicRoot)).isTrue();
        assertThat(asked).as("the JDK's roots are read for a wildcard over a top-level domain only").hasValue(2);
    }

    @Test
    void ipLiteralsAreReadAsTheJdkReadsThemWithoutALookup() {
        assertThat(HostNameCheck.ipLiteral("127.0.0.1")).containsExactly(127, 0, 0, 1);
        assertThat(HostNameCheck.ipLiteral("127.1")).containsExactly(127, 0, 0, 1);
        assertThat(HostNameCheck.ipLiteral("10.1.2")).containsExactly(10, 1, 0, 2);
        assertThat(HostNameCheck.ipLiteral("2130706433")).containsExactly(127, 0, 0, 1);
        assertThat(HostNameCheck.ipLiteral("::1")).hasSize(16);
        assertThat(HostNameCheck.ipLiteral("0:0:0:0:0:0:0:1")).isEqualTo(HostNameCheck.ipLiteral("::1"));
        assertThat(HostNameCheck.ipLiteral("[::1]")).isEqualTo(HostNameCheck.ipLiteral("::1"));
        assertThat(HostNameCheck.ipLiteral("::ffff:10.0.0.1")).containsExactly(10, 0, 0, 1);
        for (String no : List.of("localhost", "256.0.0.1", "1.2.3.4.5", "1..2", "1.2.", "4294967296", "no:such:host:name", "")) {
            assertThat(HostNameCheck.ipLiteral(no)).as(no).isNull();
        }
    }

    @Test
    void theCommonNameIsReadAsTheJdkReadsItFromEveryStringTypeAndPlace() throws Exception {
        byte[] cn = {0x55, 0x04, 0x03};
        byte[] c = {0x55, 0x04, 0x06};
        byte[] ou = {0x55, 0x04, 0x0b};
        Map<String, byte[]> subjects = new LinkedHashMap<>();
        subjects.put("UTF8String", name(rdn(atv(cn, 0x0c, "orch.corp".getBytes(StandardCharsets.UTF_8)))));
        subjects.put("PrintableString", name(rdn(atv(cn, 0x13, "orch.corp".getBytes(StandardCharsets.US_ASCII)))));
        subjects.put("IA5String", name(rdn(atv(cn, 0x16, "orch.corp".getBytes(StandardCharsets.US_ASCII)))));
        subjects.put("TeletexString, Latin-1", name(rdn(atv(cn, 0x14, "café.example".getBytes(StandardCharsets.ISO_8859_1)))));
        subjects.put("TeletexString, UTF-8 bytes", name(rdn(atv(cn, 0x14, "café.example".getBytes(StandardCharsets.UTF_8)))));
        subjects.put("BMPString", name(rdn(atv(cn, 0x1e, "a.corp".getBytes(StandardCharsets.UTF_16BE)))));
        subjects.put("BMPString, ASCII bytes", name(rdn(atv(cn, 0x1e, "a.corp".getBytes(StandardCharsets.US_ASCII)))));
        subjects.put("UniversalString", name(rdn(atv(cn, 0x1c, "a.corp".getBytes(java.nio.charset.Charset.forName("UTF-32BE"))))));
        subjects.put("PrintableString, Latin-1 bytes", name(rdn(atv(cn, 0x13, "café".getBytes(StandardCharsets.ISO_8859_1)))));
        subjects.put("VisibleString", name(rdn(atv(cn, 0x1a, "orch.corp".getBytes(StandardCharsets.US_ASCII)))));
        subjects.put("OCTET STRING", name(rdn(atv(cn, 0x04, "orch.corp".getBytes(StandardCharsets.US_ASCII)))));
        subjects.put("most specific last", name(rdn(atv(c, 0x13, b("US"))), rdn(atv(cn, 0x0c, b("general.corp"))),
                rdn(atv(cn, 0x0c, b("specific.corp")))));
        subjects.put("most specific holds none", name(rdn(atv(cn, 0x0c, b("general.corp"))), rdn(atv(ou, 0x0c, b("Robots")))));
        subjects.put("multi-valued", name(rdn(atv(cn, 0x0c, b("general.corp"))), rdn(atv(c, 0x13, b("US")), atv(cn, 0x0c, b("multi.corp")))));
        subjects.put("escapes", name(rdn(atv(cn, 0x0c, b("orch,corp+x=\\\"y\"")))));
        subjects.put("none", name(rdn(atv(ou, 0x0c, b("Robots")))));
        subjects.put("two in the most specific", name(rdn(atv(cn, 0x0c, b("general.corp"))),
                rdn(atv(cn, 0x0c, b("a.corp")), atv(cn, 0x0c, b("b.corp")))));

        List<String> disagreements = new ArrayList<>();
        for (Map.Entry<String, byte[]> subject : subjects.entrySet()) {
            String jdk = jdkCommonName(subject.getValue());
            String ours = HostNameCheck.mostSpecificCommonName(new X500Principal(subject.getValue()));
            boolean stricterByDesign = ours == null && subject.getKey().equals("two in the most specific");
            if (!java.util.Objects.equals(jdk, ours) && !stricterByDesign) {
                disagreements.add(subject.getKey() + ": JDK " + jdk + ", ours " + ours);
            }
        }

        assertThat(disagreements).isEmpty();
        assertThat(HostNameCheck.mostSpecificCommonName(new X500Principal(subjects.get("BMPString, ASCII bytes"))))
                .isNotEqualTo("a.corp");
        assertThat(HostNameCheck.mostSpecificCommonName(new X500Principal(subjects.get("most specific holds none"))))
                .isEqualTo("general.corp");
        assertThat(HostNameCheck.mostSpecificCommonName(new X500Principal(subjects.get("multi-valued")))).isEqualTo("multi.corp");
    }

    /** {@code X500Name.findMostSpecificAttribute(commonName_oid).getAsString()}, as the JDK's checker reads the CN. */
    private static String jdkCommonName(byte[] subject) throws Exception {
        Class<?> x500Name = Class.forName("sun.security.x509.X500Name");
        Object name = x500Name.getConstructor(byte[].class).newInstance((Object) subject);
        Object oid = x500Name.getField("commonName_oid").get(null);
        Object value = x500Name.getMethod("findMostSpecificAttribute", oid.getClass()).invoke(name, oid);
        return value == null ? null : (String) value.getClass().getMethod("getAsString").invoke(value);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] name(byte[]... rdns) {
        return der(0x30, rdns);
    }

    private static byte[] rdn(byte[]... values) {
        return der(0x31, values);
    }

    private static byte[] atv(byte[] oid, int tag, byte[] value) {
        return der(0x30, der(0x06, oid), der(tag, value));
    }

    private static byte[] der(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.size();
        if (length < 0x80) {
            out.write(length);
        } else {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length);
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ the whole check, on certificates

    @Test
    void checksCertificatesAsTheJdkDoesForEveryKindOfHost() throws Exception {
        Map<String, X509Certificate> certificates = new LinkedHashMap<>();
        certificates.put("dns", certificate("dns", "CN=ignored.corp", "SAN=dns:localhost,dns:*.robots.corp,dns:xn--bcher-kva.example"));
        certificates.put("ip", certificate("ip", "CN=localhost", "SAN=ip:127.0.0.1,ip:::1,ip:10.0.0.1"));
        certificates.put("cn", certificate("cn", "CN=orch.corp, O=Acme", null));
        certificates.put("cns", certificate("cns", "CN=first.corp, CN=second.corp", null));
        certificates.put("multi", certificate("multi", "C=US+CN=multi.corp, CN=general.corp", null));
        certificates.put("twoInOne", certificate("twoInOne", "CN=a.corp+CN=b.corp", null));
        certificates.put("tld", certificate("tld", "CN=x", "SAN=dns:*.corp,dns:*.example.com"));
        List<String> hosts = List.of("localhost", "LOCALHOST", "localhost.", "a.robots.corp", "robots.corp", "a.b.robots.corp",
                "bücher.example", "xn--bcher-kva.example", "127.0.0.1", "127.1", "2130706433", "127.0.0.1.", "::1", "[::1]", "[::1].",
                "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1", "10.0.0.1", "10.1", "10.0.0.2", "orch.corp", "orch.corp.", "first.corp",
                "second.corp", "multi.corp", "general.corp", "a.corp", "b.corp", "foo.example.com", "f.example.com",
                "bar.example.com", "1.2.3.4.5", "999.1.1.1", "a..b", "a_b.corp", "-a.corp");

        List<String> accepted = new ArrayList<>();
        List<String> disagreements = new ArrayList<>();
        for (Map.Entry<String, X509Certificate> c : certificates.entrySet()) {
            for (String host : hosts) {
                boolean jdk = jdkAccepts(host, c.getValue());
                boolean ours = accepts(host, c.getValue());
                if (ours) {
                    accepted.add(c.getKey() + " " + host);
                }
                boolean stricterByDesign = jdk && (host.matches("[0-9.]+") && HostNameCheck.ipLiteral(host) == null
                        || c.getKey().equals("twoInOne"));
                if (ours != jdk && !stricterByDesign) {
                    disagreements.add(c.getKey() + " / " + host + ": JDK " + jdk + ", ours " + ours);
                }
            }
        }

        assertThat(disagreements).isEmpty();
        assertThat(accepted).containsExactlyInAnyOrder(
                "dns localhost", "dns LOCALHOST", "dns localhost.", "dns a.robots.corp", "dns bücher.example",
                "dns xn--bcher-kva.example",
                "ip 127.0.0.1", "ip 127.1", "ip 2130706433", "ip 127.0.0.1.", "ip ::1", "ip [::1]", "ip [::1].", "ip 0:0:0:0:0:0:0:1",
                "ip ::ffff:127.0.0.1", "ip 10.0.0.1", "ip 10.1",
                "ip localhost", "ip LOCALHOST", "ip localhost.", // no DNS entry: the common name
                "cn orch.corp", "cn orch.corp.", "cns first.corp", "multi multi.corp",
                "tld orch.corp", "tld orch.corp.", "tld robots.corp", "tld a.corp", "tld b.corp", "tld first.corp", "tld second.corp", "tld multi.corp",
                "tld general.corp", "tld foo.example.com", "tld f.example.com", "tld bar.example.com");
    }

    @Test
    void aRefusalNamesTheHostAndWhatTheCertificateIsForInPrintableText() throws Exception {
        X509Certificate dns = certificate("named", "CN=x", "SAN=dns:localhost,ip:127.0.0.1");

        assertThatThrownBy(() -> HostNameCheck.check("orch.corp", dns, PRIVATE_ROOT)).isInstanceOf(CertificateException.class)
                .hasMessage("the server's certificate is not for the host orch.corp: it is for DNS:localhost, IP:127.0.0.1");
        assertThatThrownBy(() -> HostNameCheck.check("10.0.0.1", dns, PRIVATE_ROOT))
                .hasMessage("the server's certificate is not for the host 10.0.0.1: it is for DNS:localhost, IP:127.0.0.1");
        assertThatThrownBy(() -> HostNameCheck.check("orch\r\ncorp", dns, PRIVATE_ROOT))
                .hasMessage("the host orch??corp is not a valid DNS name, so no certificate can be for it");
        assertThatThrownBy(() -> HostNameCheck.check("1.2.3.4.5", dns, PRIVATE_ROOT))
                .hasMessage("the host 1.2.3.4.5 is neither a DNS name nor an IP address");
        assertThatThrownBy(() -> HostNameCheck.check(null, dns, PRIVATE_ROOT))
                .hasMessage("no host name to check the server's certificate against");
    }

    @Test
    void theJdksRootsAreTheStoresEntriesMarkedAsTheJdksAndAChainEndsAtOneWhenItHoldsOrIsSignedByOne() throws Exception {
        Path ca = dir.resolve("roots-ca.p12");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Roots CA",
                "-ext", "bc:c", "-validity", "2", "-keystore", ca.toString(), "-storetype", "PKCS12", "-storepass", PASS, "-keypass", PASS);
        Path leaf = dir.resolve("roots-leaf.p12");
        keytool("-genkeypair", "-alias", "leaf", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=leaf",
                "-validity", "2", "-keystore", leaf.toString(), "-storetype", "PKCS12", "-storepass", PASS, "-keypass", PASS);
        keytool("-certreq", "-alias", "leaf", "-keystore", leaf.toString(), "-storepass", PASS, "-file", dir.resolve("leaf.csr").toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", PASS,
                "-infile", dir.resolve("leaf.csr").toString(), "-outfile", dir.resolve("leaf.crt").toString(), "-validity", "2");
        Path impostor = dir.resolve("roots-impostor.p12");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Roots CA",
                "-ext", "bc:c", "-validity", "2", "-keystore", impostor.toString(), "-storetype", "PKCS12", "-storepass", PASS, "-keypass", PASS);
        X509Certificate root = (X509Certificate) load(ca).getCertificate("ca");
        X509Certificate signed = Tls.readTrustStore(dir.resolve("leaf.crt"), null).get(0);
        X509Certificate other = (X509Certificate) load(impostor).getCertificate("ca");

        KeyStore cacerts = KeyStore.getInstance("JKS"); // as Debian's; the JDK's own is read the same way
        cacerts.load(null, null);
        cacerts.setCertificateEntry("rootsca [jdk]", root);
        cacerts.setCertificateEntry("debian:other.pem", other);
        Path file = dir.resolve("cacerts");
        try (var out = Files.newOutputStream(file)) {
            cacerts.store(out, PASS.toCharArray());
        }
        List<X509Certificate> roots = HostNameCheck.JdkRoots.read(file);

        // The root cross-signed by another: its name and key, another issuer (as a chain to an old root carries it).
        keytool("-certreq", "-alias", "ca", "-keystore", ca.toString(), "-storepass", PASS, "-file", dir.resolve("ca.csr").toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", impostor.toString(), "-storepass", PASS, "-ext", "bc:c",
                "-infile", dir.resolve("ca.csr").toString(), "-outfile", dir.resolve("cross.crt").toString(), "-validity", "2");
        X509Certificate crossSigned = Tls.readTrustStore(dir.resolve("cross.crt"), null).get(0);

        assertThat(roots).containsExactly(root);
        assertThat(HostNameCheck.JdkRoots.endsAtOneOf(new X509Certificate[] {signed}, roots)).isTrue();
        assertThat(HostNameCheck.JdkRoots.endsAtOneOf(new X509Certificate[] {signed, root}, roots)).isTrue();
        assertThat(HostNameCheck.JdkRoots.endsAtOneOf(new X509Certificate[] {signed, crossSigned}, roots)).isTrue();
        assertThat(HostNameCheck.JdkRoots.endsAtOneOf(new X509Certificate[] {crossSigned}, roots)).as("a root's name and key").isTrue();
        assertThat(HostNameCheck.JdkRoots.endsAtOneOf(new X509Certificate[] {signed, other}, roots)).as("in any place").isTrue();
        assertThat(HostNameCheck.JdkRoots.endsAtOneOf(new X509Certificate[] {other}, roots)).as("same name, other key").isFalse();
        assertThat(HostNameCheck.JdkRoots.endsAtOneOf(new X509Certificate[] {signed}, List.of(other))).isFalse();
        assertThat(HostNameCheck.JdkRoots.read(dir.resolve("no-such-file"))).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    private static boolean accepts(String host, X509Certificate certificate) {
        try {
            HostNameCheck.check(host, certificate, PRIVATE_ROOT);
            return true;
        } catch (CertificateException e) {
            return false;
        }
    }

    /** As JSSE's checkIdentity calls the JDK's checker: one trailing dot and an IPv6 literal's brackets dropped first. */
    private static boolean jdkAccepts(String host, X509Certificate certificate) throws Exception {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        h = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
        try {
            jdkMatch.invoke(jdkChecker, h, certificate, false);
            return true;
        } catch (InvocationTargetException e) {
            assertThat(e.getCause()).isInstanceOf(CertificateException.class);
            return false;
        }
    }

    private static X509Certificate certificate(String name, String subject, String alternativeNames) throws Exception {
        return (X509Certificate) TestCertificates.selfSigned(dir, name, subject, alternativeNames).getCertificate(name);
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
