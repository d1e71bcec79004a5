package dev.belay.client.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import javax.security.auth.x500.X500Principal;

/**
 * Whether a server's certificate is for the host the client connected to: the JDK's own check for
 * TLS ({@code X509TrustManagerImpl.checkIdentity} and {@code sun.security.util.HostnameChecker}, RFC
 * 2818 §3.1), done here so that {@link LayeredTrust} can check the host of a chain without JSSE's
 * endpoint identification. That identification first asks whether the chain ends at one of the JDK's
 * own roots, and to know it reads and parses the whole of {@code cacerts} (~140 certificates,
 * interpreted) for every chain: 80–120 ms of every https start (BENCHMARKS.md, https). Here that is
 * asked only in the one case where the answer can change the verdict.
 *
 * <ul>
 *   <li>One trailing dot of the host is dropped, then an IPv6 literal's brackets. An IP address
 *       literal (IPv4 in any of the forms {@code InetAddress} reads, or IPv6) matches an IP address
 *       entry of the subject alternative names, by value; nothing else.
 *   <li>A DNS name matches a DNS entry of the subject alternative names; only a certificate with no DNS
 *       entry is matched by the common name of its subject's most specific name that holds one.
 *   <li>Case does not matter; an internationalised name is compared in its ASCII form.
 *   <li>A wildcard stands for part or all of the leftmost label only, never for a dot; {@code *} and
 *       {@code *.} alone, and a wildcard with no dot after it, match nothing.
 *   <li>Under one of the JDK's own roots (its {@code cacerts} entries marked {@code [jdk]}: public CAs,
 *       which may not issue such a certificate at all, CA/Browser Forum Baseline Requirements 3.2.2.6)
 *       a wildcard over a top-level domain ({@code *.com}) matches nothing. Whether the chain ends at
 *       one is asked only then, so no other start reads {@code cacerts}.
 * </ul>
 * Where this differs from the JDK it is stricter, but for the last case below ({@code HostNameCheckTest}
 * holds it to the JDK's own checker, and allows it no other difference):
 * <ul>
 *   <li>a partial wildcard never matches an IDN label ({@code b*} against {@code xn--bcher-kva}; RFC
 *       6125 §6.4.3), where the JDK compares in Unicode;
 *   <li>a wildcard beyond the leftmost label ({@code a.*.example}) matches nothing, as on JDK 19 and
 *       later; JDK 17's checker still took it;
 *   <li>a host of digits and dots that no {@code InetAddress} reads as an address ({@code 1.2.3.4.5}),
 *       or that IDN turns into one (full-width digits), is refused, where the JDK tries it as a DNS name;
 *   <li>a subject whose most specific name holds two common names matches by neither;
 *   <li>under one of the JDK's roots the JDK refuses a wildcard over a public suffix of ICANN's in the
 *       public suffix list it keeps internal (a case-sensitive look-up). Here every wildcard over a
 *       single label is refused there ({@code *.corp}, {@code *.COM} too: stricter), and one over a
 *       suffix of two labels or more ({@code *.co.uk}) is not: laxer, the one such case. Which chains
 *       count as ending at a JDK root errs on the strict side (any certificate of the chain that is
 *       one, carries one's name and key, or is signed by one; all of them when AIA fetching is on).
 * </ul>
 */
final class HostNameCheck {

    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private HostNameCheck() {
    }

    /**
     * @param host the host the client connected to, as it named it (an IPv6 literal with or without brackets)
     * @param chain the server's chain as it sent it, its own certificate first
     * @throws CertificateException saying which names the certificate holds, when none is for {@code host}
     */
    static void check(String host, X509Certificate[] chain) throws CertificateException {
        check(host, chain[0], () -> JdkRoots.endsAtOne(chain));
    }

    /** @param publicRoot whether the chain ends at one of the JDK's own roots; asked only for a wildcard over a top-level domain */
    static void check(String host, X509Certificate certificate, BooleanSupplier publicRoot) throws CertificateException {
        if (host == null || host.isEmpty()) {
            throw new CertificateException("no host name to check the server's certificate against");
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1); // a fully qualified name, as JSSE takes it
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
        List<String> dnsNames = entries(alternatives, SAN_DNS);
        if (host.indexOf(':') >= 0 || isDigitsAndDots(host)) {
            byte[] ip = ipLiteral(host);
            if (ip == null) {
                throw new CertificateException("the host " + printable(host) + " is neither a DNS name nor an IP address");
            }
            List<String> ips = entries(alternatives, SAN_IP);
            for (String candidate : ips) {
                if (Arrays.equals(ip, ipLiteral(candidate))) {
                    return;
                }
            }
            throw refused(host, dnsNames, ips, null);
        }
        String name = asciiHostName(host);
        if (name == null || isDigitsAndDots(name)) {
            throw new CertificateException("the host " + printable(host) + " is not a valid DNS name, so no certificate can be for it");
        }
        for (String template : dnsNames) {
            if (matches(name, template, publicRoot)) {
                return;
            }
        }
        String commonName = null;
        if (dnsNames.isEmpty()) {
            commonName = mostSpecificCommonName(certificate.getSubjectX500Principal());
            if (commonName != null && Normalizer.isNormalized(commonName, Normalizer.Form.NFKC)
                    && matches(name, commonName, publicRoot)) {
                return;
            }
        }
        throw refused(host, dnsNames, entries(alternatives, SAN_IP), commonName);
    }

    /** Whether {@code host}, in lower-case ASCII, is matched by the certificate's name {@code template}. */
    static boolean matches(String host, String template, BooleanSupplier publicRoot) {
        String t = template;
        if (!isAscii(t)) {
            try {
                t = IDN.toASCII(t);
            } catch (RuntimeException e) { // as the JDK's checker: a name IDN cannot take matches nothing
                return false;
            }
        }
        t = t.toLowerCase(Locale.ROOT);
        int lastWildcard = t.lastIndexOf('*');
        boolean overTopLevelDomain = false;
        if (lastWildcard >= 0) {
            if (t.equals("*") || t.equals("*.")) {
                return false;
            }
            int dotAfter = t.indexOf('.', lastWildcard);
            if (dotAfter < 0) {
                return false; // "*com"
            }
            overTopLevelDomain = t.indexOf('.', dotAfter + 1) < 0; // "*.com"
        }
        if (!isLdhName(t.replace('*', 'z'))) {
            return false;
        }
        int templateDot = labelEnd(t);
        int hostDot = labelEnd(host);
        if (!t.substring(templateDot).equals(host.substring(hostDot))) {
            return false;
        }
        String templateLabel = t.substring(0, templateDot);
        String hostLabel = host.substring(0, hostDot);
        if (templateLabel.indexOf('*') >= 0 && !templateLabel.equals("*")
                && (hostLabel.startsWith("xn--") || templateLabel.startsWith("xn--"))) {
            return false; // a partial wildcard is not matched against an encoded IDN label
        }
        return matchesLabel(hostLabel, templateLabel) && !(overTopLevelDomain && publicRoot.getAsBoolean());
    }

    /** The JDK's wildcard match of one label: each run of literal characters in order, anchored at both ends. */
    private static boolean matchesLabel(String label, String template) {
        int wildcard = template.indexOf('*');
        if (wildcard < 0) {
            return label.equals(template);
        }
        String rest = label;
        String after = template;
        boolean first = true;
        while (wildcard >= 0) {
            String before = after.substring(0, wildcard);
            after = after.substring(wildcard + 1);
            int at = rest.indexOf(before);
            if (at < 0 || (first && at != 0)) {
                return false;
            }
            first = false;
            rest = rest.substring(at + before.length());
            wildcard = after.indexOf('*');
        }
        return rest.endsWith(after);
    }

    private static int labelEnd(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? name.length() : dot;
    }

    /**
     * {@code host} in lower-case ASCII, or null when it is not a valid DNS name: LDH labels of 1–63
     * characters with no hyphen at either end, no empty label (as JSSE's {@code SNIHostName} requires;
     * without IDN's tables for an ASCII name).
     */
    static String asciiHostName(String host) {
        String ascii = host;
        if (!isAscii(ascii)) {
            try {
                ascii = IDN.toASCII(ascii, IDN.USE_STD3_ASCII_RULES);
            } catch (RuntimeException e) {
                return null;
            }
        }
        ascii = ascii.toLowerCase(Locale.ROOT);
        return isLdhName(ascii) ? ascii : null;
    }

    private static boolean isLdhName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        int labelStart = 0;
        for (int i = 0; i <= name.length(); i++) {
            char c = i < name.length() ? name.charAt(i) : '.';
            if (c == '.') {
                int length = i - labelStart;
                if (length == 0 || length > 63 || name.charAt(labelStart) == '-' || name.charAt(i - 1) == '-') {
                    return false;
                }
                labelStart = i + 1;
            } else if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigitsAndDots(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    /**
     * The address of an IP literal, or null: IPv6 (anything with a colon, parsed by the JDK, which never
     * looks such a name up), or IPv4 as {@code InetAddress} reads it — one to four decimal parts, the last
     * filling the bytes left ({@code 127.1}, {@code 2130706433}), as the JDK's check does.
     */
    static byte[] ipLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            try {
                return InetAddress.getByName(host.startsWith("[") ? host : "[" + host + "]").getAddress();
            } catch (UnknownHostException | IllegalArgumentException e) {
                return null;
            }
        }
        if (host.isEmpty() || host.length() > 15 || !isDigitsAndDots(host)) {
            return null;
        }
        byte[] address = new byte[4];
        long value = 0;
        int part = 0;
        boolean newPart = true;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '.') {
                if (newPart || value > 0xff || part == 3) {
                    return null;
                }
                address[part++] = (byte) value;
                value = 0;
                newPart = true;
            } else {
                value = value * 10 + (c - '0');
                newPart = false;
            }
        }
        if (newPart || value >= 1L << ((4 - part) * 8)) {
            return null;
        }
        for (int i = 3; i >= part; i--) {
            address[i] = (byte) value;
            value >>= 8;
        }
        return address;
    }

    private static List<String> entries(Collection<List<?>> alternatives, int type) {
        List<String> out = new ArrayList<>();
        if (alternatives != null) {
            for (List<?> entry : alternatives) {
                if (entry.size() >= 2 && entry.get(0) instanceof Integer && (Integer) entry.get(0) == type
                        && entry.get(1) instanceof String) {
                    out.add((String) entry.get(1));
                }
            }
        }
        return out;
    }

    /**
     * The common name of the subject's most specific (last-encoded) relative name that holds one, decoded
     * by its string type as the JDK decodes it ({@code X500Name.findMostSpecificAttribute},
     * {@code DerValue.getAsString}); null when there is none, when that name holds two, or when the value
     * is of no string type the JDK reads. Read from the DER: {@code X500Principal}'s text forms decode
     * some string types otherwise on some JDKs.
     */
    static String mostSpecificCommonName(X500Principal subject) throws CertificateParsingException {
        try {
            byte[] encoded = subject.getEncoded();
            Der name = new Der(encoded, 0, encoded.length).next(0x30);
            String found = null;
            while (name.more()) {
                Der rdn = name.next(0x31);
                int inThisName = 0;
                String value = null;
                while (rdn.more()) {
                    Der attribute = rdn.next(0x30);
                    Der type = attribute.next(0x06);
                    Der v = attribute.nextAny();
                    if (type.contentEquals(COMMON_NAME_OID)) {
                        inThisName++;
                        value = v.asString();
                    }
                }
                if (inThisName > 0) {
                    found = inThisName == 1 ? value : null; // later (more specific) names replace earlier ones
                }
            }
            return found;
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new CertificateParsingException("the certificate's subject cannot be read: " + e.getMessage(), e);
        }
    }

    private static final byte[] COMMON_NAME_OID = {0x55, 0x04, 0x03}; // 2.5.4.3

    /** A view of one DER element's contents, read element by element: just enough for a distinguished name. */
    private static final class Der {
        private final byte[] bytes;
        private int at;
        private final int end;
        private final int tag;

        Der(byte[] bytes, int from, int end) {
            this(bytes, from, end, -1);
        }

        private Der(byte[] bytes, int from, int end, int tag) {
            this.bytes = bytes;
            this.at = from;
            this.end = end;
            this.tag = tag;
        }

        boolean more() {
            return at < end;
        }

        /** The contents of the next element, which must have this tag. */
        Der next(int expectedTag) {
            Der element = nextAny();
            if (element.tag != expectedTag) {
                throw new IllegalArgumentException("tag " + element.tag + " where " + expectedTag + " was expected");
            }
            return element;
        }

        Der nextAny() {
            if (at + 2 > end) {
                throw new IllegalArgumentException("truncated");
            }
            int t = bytes[at++] & 0xff;
            int length = bytes[at++] & 0xff;
            if (length >= 0x80) {
                int octets = length & 0x7f;
                if (octets == 0 || octets > 3) {
                    throw new IllegalArgumentException("length of " + octets + " octets");
                }
                length = 0;
                for (int i = 0; i < octets; i++) {
                    length = (length << 8) | (bytes[at++] & 0xff);
                }
            }
            if (length < 0 || at + length > end) {
                throw new IllegalArgumentException("truncated");
            }
            Der element = new Der(bytes, at, at + length, t);
            at += length;
            return element;
        }

        boolean contentEquals(byte[] other) {
            return Arrays.equals(bytes, at, end, other, 0, other.length);
        }

        /** The value as the JDK's {@code DerValue.getAsString} reads it, or null for a type it does not read. */
        String asString() {
            Charset charset;
            switch (tag) {
                case 0x0c: // UTF8String
                    charset = StandardCharsets.UTF_8;
                    break;
                case 0x13: // PrintableString
                case 0x16: // IA5String
                case 0x1b: // GeneralString
                    charset = StandardCharsets.US_ASCII;
                    break;
                case 0x14: // T61String (TeletexString)
                    charset = StandardCharsets.ISO_8859_1;
                    break;
                case 0x1e: // BMPString
                    charset = StandardCharsets.UTF_16BE;
                    break;
                case 0x1c: // UniversalString
                    charset = Charset.forName("UTF-32BE");
                    break;
                default:
                    return null;
            }
            return new String(bytes, at, end - at, charset);
        }
    }

    private static CertificateException refused(String host, List<String> dnsNames, List<String> ips, String commonName) {
        List<String> names = new ArrayList<>();
        dnsNames.forEach(n -> names.add("DNS:" + printable(n)));
        ips.forEach(n -> names.add("IP:" + printable(n)));
        if (commonName != null) {
            names.add("CN=" + printable(commonName));
        }
        String held = names.isEmpty() ? "it names no host"
                : "it is for " + String.join(", ", names.size() > 10 ? names.subList(0, 10) : names)
                        + (names.size() > 10 ? " and " + (names.size() - 10) + " more" : "");
        return new CertificateException("the server's certificate is not for the host " + printable(host) + ": " + held);
    }

    /** A name from a certificate or a host, fit for one log line: printable ASCII, at most 100 characters. */
    private static String printable(String s) {
        StringBuilder out = new StringBuilder(Math.min(s.length(), 101));
        for (int i = 0; i < s.length() && i < 100; i++) {
            char c = s.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return s.length() > 100 ? out.append('…').toString() : out.toString();
    }

    /**
     * The roots the JDK ships in {@code cacerts} (its aliases marked {@code [jdk]}; a distribution's own
     * {@code cacerts}, such as Debian's, marks none), read the first time a wildcard over a top-level
     * domain needs the answer: the same set as the JDK's {@code AnchorCertificates}.
     */
    static final class JdkRoots {
        private static final List<X509Certificate> ROOTS = readTheJdks();

        private JdkRoots() {
        }

        static boolean endsAtOne(X509Certificate[] chain) {
            // With AIA fetching on, the JDK may build a path through certificates the server never sent.
            return Boolean.getBoolean("com.sun.security.enableAIAcaIssuers") || endsAtOneOf(chain, ROOTS);
        }

        /**
         * Whether the JDK could have validated the chain up to one of the roots. The JDK ends the path it
         * validates at the first certificate it trusts, and builds it from the certificates in any order;
         * so, erring on the strict side, any certificate of the chain counts that is a root, carries a
         * root's name and key (a root cross-signed by another), or is signed by a root.
         */
        static boolean endsAtOneOf(X509Certificate[] chain, List<X509Certificate> roots) {
            for (X509Certificate c : chain) {
                for (X509Certificate root : roots) {
                    if (root.equals(c) || root.getSubjectX500Principal().equals(c.getSubjectX500Principal())
                            && root.getPublicKey().equals(c.getPublicKey())) {
                        return true;
                    }
                    if (root.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
                        try {
                            c.verify(root.getPublicKey());
                            return true;
                        } catch (GeneralSecurityException | RuntimeException e) {
                            // another key under the same name
                        }
                    }
                }
            }
            return false;
        }

        private static List<X509Certificate> readTheJdks() {
            try {
                return read(Path.of(System.getProperty("java.home"), "lib", "security", "cacerts"));
            } catch (RuntimeException e) { // no java.home: no roots, as for the JDK when it cannot read them
                return List.of();
            }
        }

        /** The certificates of the store whose aliases mark them as the JDK's; none when it cannot be read, as for the JDK. */
        static List<X509Certificate> read(Path cacerts) {
            try (InputStream in = Files.newInputStream(cacerts)) {
                KeyStore store = KeyStore.getInstance("JKS"); // reads a PKCS#12 cacerts too
                store.load(in, null);
                List<X509Certificate> roots = new ArrayList<>();
                for (String alias : Collections.list(store.aliases())) {
                    Certificate c = store.getCertificate(alias);
                    if (alias.contains(" [jdk") && c instanceof X509Certificate) {
                        roots.add((X509Certificate) c);
                    }
                }
                return roots;
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                return List.of();
            }
        }
    }
}
