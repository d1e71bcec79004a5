package dev.belay.client.internal;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * Whether a server's certificate is for the host the client connected to: the rules of the JDK's own
 * check for TLS ({@code sun.security.util.HostnameChecker}, RFC 2818 §3.1), done here so that
 * {@link LayeredTrust} can check the host of a chain its configured trust store vouches for without
 * JSSE's endpoint identification. That identification reads the JDK's whole {@code cacerts} file
 * (~140 certificates, parsed interpreted) to learn whether the chain ends at a public root, and cost
 * 80–120 ms of every https start (BENCHMARKS.md, https).
 *
 * <ul>
 *   <li>An IP address literal (dotted-quad IPv4, or IPv6) matches an IP address entry of the subject
 *       alternative names, by value; nothing else.
 *   <li>A DNS name matches a DNS entry of the subject alternative names; only a certificate with no DNS
 *       entry is matched by its subject's most specific common name.
 *   <li>Case does not matter; an internationalised name is compared in its ASCII form.
 *   <li>A wildcard stands for part or all of the leftmost label only, never for a dot; {@code *} and
 *       {@code *.} alone, a wildcard with no dot after it, and a partial wildcard against an IDN label
 *       ({@code xn--}) match nothing.
 *   <li>Under a public root (the system's roots) a wildcard must not cover a top-level domain
 *       ({@code *.com}, {@code *.corp}). The JDK refuses a wildcard over any public suffix there
 *       ({@code *.co.uk} too), from the public suffix list it keeps internally; public CAs may not issue
 *       such certificates at all (CA/Browser Forum Baseline Requirements, 3.2.2.6), and the configured
 *       trust store, the case this class is for, is a private CA's, where the JDK has no such rule.
 * </ul>
 */
final class HostNameCheck {

    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private HostNameCheck() {
    }

    /**
     * @param host the host the client connected to, as it named it (an IPv6 literal without brackets)
     * @param certificate the server's own certificate, the first of its chain
     * @param publicRoot whether the chain was trusted by the system's roots rather than a configured store
     * @throws CertificateException saying which names the certificate holds, when none is for {@code host}
     */
    static void check(String host, X509Certificate certificate, boolean publicRoot) throws CertificateException {
        if (host == null || host.isEmpty()) {
            throw new CertificateException("no host name to check the server's certificate against");
        }
        Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
        List<String> dnsNames = entries(alternatives, SAN_DNS);
        byte[] ip = ipLiteral(host);
        if (ip != null) {
            List<String> ips = entries(alternatives, SAN_IP);
            for (String candidate : ips) {
                if (sameAddress(ip, candidate)) {
                    return;
                }
            }
            throw refused(host, dnsNames, ips, null);
        }
        String name = asciiHostName(host);
        if (name == null) {
            throw new CertificateException("the host name " + host + " is not a valid DNS name, so no certificate can be for it");
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
    static boolean matches(String host, String template, boolean publicRoot) {
        String t = template;
        if (!isAscii(t)) {
            try {
                t = IDN.toASCII(t);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        t = t.toLowerCase(Locale.ROOT);
        int lastWildcard = t.lastIndexOf('*');
        if (lastWildcard >= 0) {
            if (t.equals("*") || t.equals("*.")) {
                return false;
            }
            int dotAfter = t.indexOf('.', lastWildcard);
            if (dotAfter < 0) {
                return false; // "*com"
            }
            if (publicRoot && t.indexOf('.', dotAfter + 1) < 0) {
                return false; // "*.com" from a public CA
            }
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
        return matchesLabel(hostLabel, templateLabel);
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
     * characters with no hyphen at either end, no empty label, no trailing dot (as JSSE's
     * {@code SNIHostName} requires; without IDN's tables for an ASCII name).
     */
    static String asciiHostName(String host) {
        String ascii = host;
        if (!isAscii(ascii)) {
            try {
                ascii = IDN.toASCII(ascii, IDN.USE_STD3_ASCII_RULES);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        ascii = ascii.toLowerCase(Locale.ROOT);
        return isLdhName(ascii) ? ascii : null;
    }

    private static boolean isLdhName(String name) {
        if (name.isEmpty() || name.length() > 253) {
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

    /**
     * The address of an IP literal: four dotted decimal octets, or anything with a colon (IPv6, parsed
     * by the JDK, which never looks a name with a colon up); null for a DNS name. Other numeric forms
     * the JDK would also take for IPv4 ({@code 127.1}) are checked as names, and so refused: a stricter
     * verdict than the JDK's, never a laxer one.
     */
    static byte[] ipLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            try {
                return InetAddress.getByName(host.startsWith("[") ? host : "[" + host + "]").getAddress();
            } catch (UnknownHostException | IllegalArgumentException e) {
                return null;
            }
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] address = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3) {
                return null;
            }
            int value = 0;
            for (int j = 0; j < part.length(); j++) {
                char c = part.charAt(j);
                if (c < '0' || c > '9') {
                    return null;
                }
                value = value * 10 + (c - '0');
            }
            if (value > 255) {
                return null;
            }
            address[i] = (byte) value;
        }
        return address;
    }

    /** An IP entry as the JDK renders it ({@code 127.0.0.1}, or IPv6 in full hex), compared by value. */
    private static boolean sameAddress(byte[] address, String entry) {
        byte[] other = ipLiteral(entry);
        return other != null && Arrays.equals(address, other);
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

    /** The subject's most specific (last-encoded) common name, or null when it has none. */
    static String mostSpecificCommonName(X500Principal subject) throws CertificateParsingException {
        try {
            List<Rdn> rdns = new LdapName(subject.getName(X500Principal.RFC2253)).getRdns(); // most general first
            for (int i = rdns.size() - 1; i >= 0; i--) {
                Rdn rdn = rdns.get(i);
                if (rdn.getType().equalsIgnoreCase("CN") && rdn.getValue() instanceof String) {
                    return (String) rdn.getValue();
                }
            }
            return null;
        } catch (InvalidNameException e) {
            throw new CertificateParsingException("the certificate's subject cannot be read: " + e.getMessage(), e);
        }
    }

    private static CertificateException refused(String host, List<String> dnsNames, List<String> ips, String commonName) {
        List<String> names = new ArrayList<>();
        dnsNames.forEach(n -> names.add("DNS:" + n));
        ips.forEach(n -> names.add("IP:" + n));
        if (commonName != null) {
            names.add("CN=" + commonName);
        }
        String held = names.isEmpty() ? "it names no host"
                : "it is for " + String.join(", ", names.size() > 10 ? names.subList(0, 10) : names)
                        + (names.size() > 10 ? " and " + (names.size() - 10) + " more" : "");
        return new CertificateException("the server's certificate is not for the host " + host + ": " + held);
    }
}
