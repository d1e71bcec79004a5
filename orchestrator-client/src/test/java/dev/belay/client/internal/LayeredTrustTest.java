package dev.belay.client.internal;

import static dev.belay.client.internal.TestCertificates.keytool;
import static dev.belay.client.internal.TestCertificates.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LayeredTrust} in real TLS handshakes on loopback, with the host name checked as the client
 * checks it: two self-signed certificates for {@code localhost}, "store" (the layer read from the
 * configured file) and "system" (standing in for the JDK's roots, with a count of how often it is loaded).
 */
class LayeredTrustTest {

    private static final String PASS = TestCertificates.PASS;

    @TempDir
    static Path dir;
    private static X509ExtendedTrustManager storeTrust;
    private static X509ExtendedTrustManager systemTrust;
    private static Server storeServer;
    private static Server systemServer;
    private static Server expiredServer;
    private static X509ExtendedTrustManager expiredsCaTrust;

    private final AtomicInteger loads = new AtomicInteger();

    @BeforeAll
    static void certificatesAndServers() throws Exception {
        storeServer = new Server(certificate("store"));
        systemServer = new Server(certificate("system"));
        expiredServer = new Server(expiredUnderCa());
        expiredsCaTrust = Tls.trustIn(Tls.readTrustStore(dir.resolve("ca.pem"), null));
        storeTrust = Tls.trustIn(Tls.readTrustStore(dir.resolve("store.p12"), PASS.toCharArray()));
        systemTrust = Tls.trustIn(Tls.readTrustStore(dir.resolve("system.p12"), PASS.toCharArray()));
    }

    @AfterAll
    static void stop() throws IOException {
        storeServer.close();
        systemServer.close();
        expiredServer.close();
    }

    private LayeredTrust layered(LayeredTrust.Loader system) {
        return new LayeredTrust(storeTrust, () -> {
            loads.incrementAndGet();
            return system.load();
        });
    }

    @Test
    void aChainInTheStoreIsTrustedWithoutLoadingTheSystemRoots() throws Exception {
        handshake(layered(() -> systemTrust), "localhost", storeServer);
        handshake(layered(() -> systemTrust), "localhost", storeServer);

        assertThat(loads).hasValue(0);
    }

    @Test
    void aChainOnlyInTheSystemRootsIsTrustedAndTheyAreLoadedOnce() throws Exception {
        LayeredTrust trust = layered(() -> systemTrust);

        handshake(trust, "localhost", systemServer);
        handshake(trust, "localhost", systemServer);
        handshake(trust, "localhost", storeServer);

        assertThat(loads).hasValue(1);
    }

    @Test
    void aWrongHostNameIsRefusedByTheStoreThatTrustsThePathAndTheSystemRootsAreNotLoaded() {
        CertificateException refused = refusal(layered(() -> systemTrust), "127.0.0.1", storeServer);

        assertThat(refused).hasMessageContaining("127.0.0.1").hasNoSuppressedExceptions();
        assertThat(loads).hasValue(0);
    }

    @Test
    void aWrongHostNameIsRefusedAsSuchWhenTheSystemRootsTrustThePath() {
        CertificateException refused = refusal(layered(() -> systemTrust), "127.0.0.1", systemServer);

        assertThat(refused).hasMessageContaining("127.0.0.1").hasMessageNotContaining("PKIX path");
        assertThat(loads).hasValue(1);
    }

    @Test
    void withoutJssesCheckTheTrustChecksTheHostNameItselfAndTheSystemRootsAreNotLoaded() throws Exception {
        handshake(layered(() -> systemTrust), "localhost", storeServer, false);
        CertificateException refused = refusal(layered(() -> systemTrust), "127.0.0.1", storeServer, false);

        assertThat(refused).hasMessage("the server's certificate is not for the host 127.0.0.1: it is for DNS:localhost")
                .hasNoSuppressedExceptions();
        assertThat(loads).hasValue(0);
    }

    @Test
    void withoutJssesCheckAWrongHostNameIsRefusedWhenTheSystemRootsTrustThePath() throws Exception {
        LayeredTrust trust = layered(() -> systemTrust);

        handshake(trust, "localhost", systemServer, false);
        CertificateException refused = refusal(trust, "orch.example.com", systemServer, false);

        assertThat(refused).hasMessageContaining("not for the host orch.example.com").hasMessageNotContaining("PKIX path");
        assertThat(loads).hasValue(1);
    }

    /**
     * The trust's own check against JSSE's on the same certificates and host names: DNS entries, a
     * wildcard, IP entries (IPv4 and IPv6), a certificate with only a common name, and one with both.
     */
    @Test
    void theTrustsOwnHostNameCheckGivesJssesVerdictOnRealCertificates() throws Exception {
        Map<String, String> certificates = new LinkedHashMap<>();
        certificates.put("dns", "SAN=dns:localhost,dns:orch.corp");
        certificates.put("wildcard", "SAN=dns:*.robots.corp");
        certificates.put("ip", "SAN=ip:127.0.0.1,ip:::1");
        certificates.put("cn", null);
        certificates.put("cnAndDns", "SAN=dns:orch.corp");
        List<String> hosts = List.of("localhost", "LocalHost", "orch.corp", "a.robots.corp", "robots.corp", "a.b.robots.corp",
                "127.0.0.1", "::1", "0:0:0:0:0:0:0:1", "127.0.0.2", "bücher.corp");
        List<X509Certificate> roots = new ArrayList<>();
        Map<String, Server> servers = new LinkedHashMap<>();
        for (Map.Entry<String, String> c : certificates.entrySet()) {
            KeyStore keys = certificate(c.getKey(), "CN=localhost", c.getValue());
            roots.add((X509Certificate) keys.getCertificate(c.getKey()));
            servers.put(c.getKey(), new Server(keys));
        }
        LayeredTrust trust = new LayeredTrust(Tls.trustIn(roots), () -> {
            loads.incrementAndGet();
            return systemTrust;
        });
        List<String> verdicts = new ArrayList<>();
        List<String> disagreements = new ArrayList<>();
        try {
            for (Map.Entry<String, Server> server : servers.entrySet()) {
                for (String host : hosts) {
                    boolean jsse = accepted(trust, host, server.getValue(), true);
                    boolean own = accepted(trust, host, server.getValue(), false);
                    if (own) {
                        verdicts.add(server.getKey() + " " + host);
                    }
                    if (own != jsse) {
                        disagreements.add(server.getKey() + " / " + host + ": JSSE " + jsse + ", own " + own);
                    }
                }
            }
        } finally {
            for (Server server : servers.values()) {
                server.close();
            }
        }

        assertThat(disagreements).isEmpty();
        assertThat(verdicts).containsExactlyInAnyOrder("dns localhost", "dns LocalHost", "dns orch.corp",
                "wildcard a.robots.corp", "ip 127.0.0.1", "ip ::1", "ip 0:0:0:0:0:0:0:1", "cn localhost", "cn LocalHost",
                // no DNS entry: a DNS name is matched by the common name (CN=localhost), as by the JDK
                "ip localhost", "ip LocalHost",
                // a DNS entry: the common name no longer counts
                "cnAndDns orch.corp");
        assertThat(loads).hasValue(0);
    }

    @Test
    void aChainInNoLayerIsRefusedWithEachLayersReason() {
        CertificateException refused = refusal(layered(() -> storeTrust), "localhost", systemServer);

        assertThat(refused).hasMessageContaining("PKIX path");
        assertThat(refused.getSuppressed()).singleElement().asString().contains("PKIX path");
    }

    @Test
    void anExpiredCertificateUnderASystemRootIsRefusedForThatNotForTheStoresMissingPath() {
        CertificateException refused = refusal(layered(() -> expiredsCaTrust), "localhost", expiredServer);

        assertThat(refused).hasMessageNotContaining("unable to find valid certification path")
                .hasMessageContaining("validity");
        assertThat(refused.getSuppressed()).singleElement().asString().contains("unable to find valid certification path");
    }

    @Test
    void systemRootsThatCannotBeLoadedRefuseTheChainAndAreTriedAgainNextTime() {
        LayeredTrust trust = layered(() -> {
            throw new GeneralSecurityException("cacerts is unreadable");
        });

        CertificateException refused = refusal(trust, "localhost", systemServer);
        refusal(trust, "localhost", systemServer);

        assertThat(refused.getSuppressed()).singleElement().asString()
                .contains("cannot load the system's trusted roots: cacerts is unreadable");
        assertThat(loads).hasValue(2);
    }

    @Test
    void acceptedIssuersAreEveryLayers() {
        assertThat(layered(() -> systemTrust).getAcceptedIssuers())
                .extracting(c -> c.getSubjectX500Principal().getName())
                .containsExactlyInAnyOrder("CN=store", "CN=system");
    }

    // ---------------------------------------------------------------- helpers

    /** A client handshake with the host name checked by JSSE, as {@code HttpsURLConnection} (the proxy path) asks for it. */
    private static void handshake(TrustManager trust, String host, Server server) throws Exception {
        handshake(trust, host, server, true);
    }

    /**
     * A client handshake as Http1Client makes it: a TLS socket layered over a TCP connection to loopback,
     * named {@code host} (so that any name can be tried without DNS), the host name checked by JSSE or,
     * with {@code jsse} false, by the trust manager alone.
     */
    private static void handshake(TrustManager trust, String host, Server server, boolean jsse) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trust}, null);
        try (Socket tcp = new Socket(InetAddress.getLoopbackAddress(), server.port());
                SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(tcp, host, server.port(), true)) {
            socket.setSoTimeout(10_000);
            if (jsse) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
            }
            socket.startHandshake();
        }
    }

    private static CertificateException refusal(TrustManager trust, String host, Server server) {
        return refusal(trust, host, server, true);
    }

    private static CertificateException refusal(TrustManager trust, String host, Server server, boolean jsse) {
        Throwable thrown = catchThrowable(() -> handshake(trust, host, server, jsse));
        assertThat(thrown).isInstanceOf(SSLHandshakeException.class).hasCauseInstanceOf(CertificateException.class);
        return (CertificateException) thrown.getCause();
    }

    private static boolean accepted(TrustManager trust, String host, Server server, boolean jsse) throws Exception {
        try {
            handshake(trust, host, server, jsse);
            return true;
        } catch (SSLHandshakeException e) {
            assertThat(e).hasCauseInstanceOf(CertificateException.class);
            return false;
        }
    }

    /** A self-signed certificate for localhost (dns:localhost only), its key in {@code <name>.p12}. */
    private static KeyStore certificate(String name) throws Exception {
        return certificate(name, "CN=" + name, "SAN=dns:localhost");
    }

    private static KeyStore certificate(String name, String subject, String alternativeNames) throws Exception {
        return TestCertificates.selfSigned(dir, name, subject, alternativeNames);
    }

    /** A certificate for localhost that expired yesterday, issued by a CA whose certificate is {@code ca.pem}. */
    private static KeyStore expiredUnderCa() throws Exception {
        String ca = dir.resolve("ca.p12").toString();
        String leaf = dir.resolve("expired.p12").toString();
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Test CA",
                "-ext", "bc:c", "-validity", "5", "-keystore", ca, "-storetype", "PKCS12", "-storepass", PASS, "-keypass", PASS);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca, "-storepass", PASS, "-file", dir.resolve("ca.pem").toString());
        keytool("-genkeypair", "-alias", "leaf", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "2", "-keystore", leaf, "-storetype", "PKCS12", "-storepass", PASS, "-keypass", PASS);
        keytool("-certreq", "-alias", "leaf", "-keystore", leaf, "-storepass", PASS, "-file", dir.resolve("leaf.csr").toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca, "-storepass", PASS, "-infile", dir.resolve("leaf.csr").toString(),
                "-outfile", dir.resolve("leaf.crt").toString(), "-startdate", "-3d", "-validity", "2", "-ext", "SAN=dns:localhost");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", dir.resolve("ca.pem").toString(), "-keystore", leaf,
                "-storepass", PASS);
        keytool("-importcert", "-noprompt", "-alias", "leaf", "-file", dir.resolve("leaf.crt").toString(), "-keystore", leaf, "-storepass", PASS);
        return load(Path.of(leaf));
    }

    /** Accepts connections on loopback and completes each handshake it can; a refused one is the client's business. */
    private static final class Server implements AutoCloseable {
        private final SSLServerSocket socket;

        Server(KeyStore keys) throws GeneralSecurityException, IOException {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, PASS.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread accepting = new Thread(this::serve, "tls-server-" + socket.getLocalPort());
            accepting.setDaemon(true);
            accepting.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (SSLSocket client = (SSLSocket) socket.accept()) {
                    client.setSoTimeout(10_000);
                    client.startHandshake();
                    client.getInputStream().read(); // until the client closes
                } catch (IOException e) {
                    // a refused handshake, or the server closed
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
