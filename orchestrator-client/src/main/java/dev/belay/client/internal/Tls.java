package dev.belay.client.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the {@link SSLContext} a client uses: the JDK's default trust, plus the Windows root store on
 * Windows, plus the certificates of a configured trust store file; or, when insecure, trust in anything.
 */
final class Tls {

    private static final Pattern PEM_CERT = Pattern.compile(
            "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+?)-----END CERTIFICATE-----");

    private Tls() {
    }

    /**
     * The transport of a client of an {@code https} orchestrator. Only ever called for https: for a
     * plain {@code http://} orchestrator this class is not even loaded — any real {@link SSLContext}
     * costs ~0.15 s of the agent's start (the JCA providers, SunJSSE's cipher suites, and for the
     * default context the whole {@code cacerts} file). One socket factory per client: the JDK's
     * keep-alive cache keys https connections by it.
     */
    static UrlConnectionClient httpsClient(Path trustStore, char[] password, boolean insecure) {
        SSLContext ctx = context(trustStore, password, insecure).context();
        return new UrlConnectionClient(ctx.getSocketFactory(), insecure ? new AnyHostName() : null);
    }

    /**
     * The transport of a client of an {@code https} orchestrator: {@link Http1Client} over this trust,
     * with {@link UrlConnectionClient} over the same trust for requests that go through a proxy.
     */
    static Http1Client httpsTransport(Path trustStore, char[] password, boolean insecure, FixedHeaders fixedHeaders) {
        Trust trust = context(trustStore, password, insecure);
        SSLSocketFactory factory = trust.context().getSocketFactory();
        UrlConnectionClient viaProxy = new UrlConnectionClient(factory, insecure ? new AnyHostName() : null)
                .withFixedHeaders(fixedHeaders);
        // LayeredTrust checks the host name itself, without the JDK's cacerts read; HttpsURLConnection
        // (the proxy path) still asks JSSE, and LayeredTrust then leaves it to the layers.
        return new Http1Client(factory, trust.connectionsAskJsse(), fixedHeaders, viaProxy);
    }

    /**
     * An {@link SSLContext}, and whether its connections must ask JSSE to check the host name (endpoint
     * identification): false when its trust manager checks it itself ({@link LayeredTrust}), and when
     * nothing is to be checked (insecure).
     */
    record Trust(SSLContext context, boolean connectionsAskJsse) {
    }

    /**
     * For {@code insecure} only, set on each connection of that client, never as the JVM-wide default.
     * With a verifier of its own, {@code HttpsURLConnection} does not ask JSSE for endpoint
     * identification and checks the host name with this verifier after the handshake instead.
     */
    static final class AnyHostName implements HostnameVerifier {
        @Override
        public boolean verify(String hostname, SSLSession session) {
            return true;
        }
    }

    static Trust context(Path trustStore, char[] password, boolean insecure) {
        try {
            if (insecure) {
                return new Trust(contextWith(new TrustAnything()), false);
            }
            boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
            if (trustStore == null) {
                return new Trust(windows ? contextWith(systemTrust(true)) : SSLContext.getDefault(), true);
            }
            // The file is read now, so that a bad one stops the agent at its start; the system's roots
            // only when a chain is not in it (LayeredTrust).
            X509ExtendedTrustManager fromFile = trustIn(readTrustStore(trustStore, password));
            return new Trust(contextWith(new LayeredTrust(fromFile, () -> systemTrust(windows))), false);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot set up TLS trust: " + describe(e), e);
        }
    }

    /** The message, or the type when there is none (an {@code EOFException} from a truncated file has none). */
    private static String describe(Throwable e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The JDK's default trust, and on Windows the machine's and the user's roots with it. */
    private static X509ExtendedTrustManager systemTrust(boolean windows) throws GeneralSecurityException, IOException {
        if (!windows) {
            return trustManager((KeyStore) null);
        }
        List<X509Certificate> roots = new ArrayList<>(defaultTrust());
        roots.addAll(windowsRoots());
        return trustIn(roots);
    }

    /** A trust manager that trusts these certificates as roots, and nothing else. */
    static X509ExtendedTrustManager trustIn(List<X509Certificate> certificates) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int n = 0;
        for (X509Certificate c : certificates) {
            store.setCertificateEntry("cert-" + n++, c);
        }
        return trustManager(store);
    }

    private static X509ExtendedTrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager) {
                return (X509ExtendedTrustManager) tm;
            }
        }
        throw new GeneralSecurityException("the JDK's " + tmf.getAlgorithm() + " trust manager factory made no X.509 trust manager");
    }

    private static SSLContext contextWith(TrustManager tm) throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {tm}, null);
        return ctx;
    }

    private static List<X509Certificate> defaultTrust() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        List<X509Certificate> out = new ArrayList<>();
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager) {
                Collections.addAll(out, ((X509TrustManager) tm).getAcceptedIssuers());
            }
        }
        return out;
    }

    /** The current user's and the machine's trusted roots, through the JDK's SunMSCAPI provider. */
    private static List<X509Certificate> windowsRoots() throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("Windows-ROOT");
        ks.load(null, null);
        return certificates(ks);
    }

    /**
     * A PEM file (one or more {@code CERTIFICATE} blocks, other text around them ignored) or else a
     * PKCS#12 file, told apart by content rather than by the file's name.
     */
    static List<X509Certificate> readTrustStore(Path file, char[] password) throws IOException, GeneralSecurityException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            // NoSuchFileException's message is the bare path; AccessDeniedException's too.
            throw new IOException("cannot read the trust store " + file + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null || e.getMessage().equals(file.toString()) ? "" : ": " + e.getMessage()) + ")", e);
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (text.contains("-----BEGIN ")) {
            List<X509Certificate> certs = new ArrayList<>();
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            Matcher m = PEM_CERT.matcher(text);
            int block = 0;
            while (m.find()) {
                block++;
                try {
                    byte[] der = Base64.getMimeDecoder().decode(m.group(1));
                    certs.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
                } catch (GeneralSecurityException | IllegalArgumentException e) {
                    throw new GeneralSecurityException("PEM file " + file + ": CERTIFICATE block " + block
                            + " is not a readable certificate (" + describe(e) + ")", e);
                }
            }
            if (certs.isEmpty()) {
                throw new GeneralSecurityException("PEM file " + file + " holds no CERTIFICATE block");
            }
            return certs;
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        boolean noPassword = password == null || password.length == 0;
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            ks.load(in, noPassword ? new char[0] : password);
        } catch (IOException e) {
            // The JDK says "keystore password was incorrect" with an UnrecoverableKeyException as the cause.
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new GeneralSecurityException(noPassword
                        ? "PKCS#12 file " + file + " is protected by a password, and none was given"
                        : "the password given for PKCS#12 file " + file + " is wrong", e);
            }
            throw new GeneralSecurityException(file + " is neither a PEM file with a CERTIFICATE block nor a readable"
                    + " PKCS#12 file (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
        List<X509Certificate> certs = certificates(ks);
        if (certs.isEmpty()) {
            throw new GeneralSecurityException("PKCS#12 file " + file + " holds no certificate");
        }
        return certs;
    }

    /** Trusted certificate entries, and the chains of key entries (a server's own .p12 works too). */
    private static List<X509Certificate> certificates(KeyStore ks) throws GeneralSecurityException {
        List<X509Certificate> out = new ArrayList<>();
        for (String alias : Collections.list(ks.aliases())) {
            if (ks.isCertificateEntry(alias)) {
                Certificate c = ks.getCertificate(alias);
                if (c instanceof X509Certificate) {
                    out.add((X509Certificate) c);
                }
            } else {
                Certificate[] chain = ks.getCertificateChain(alias);
                if (chain != null) {
                    for (Certificate c : chain) {
                        if (c instanceof X509Certificate) {
                            out.add((X509Certificate) c);
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * Accepts any chain. It is an {@link X509ExtendedTrustManager} on purpose: JSSE checks the host name
     * (endpoint identification, when a caller asks for it) inside the extended trust manager, or wraps a
     * plain {@link X509TrustManager} in one that checks it. Being extended and checking nothing keeps the
     * host name check off inside the handshake; {@code HttpsURLConnection} then asks
     * {@link AnyHostName}, set on the insecure client's connections only.
     */
    static final class TrustAnything extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
