package dev.belay.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    private static final String PASS = "pass-word";

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

    /** A client handshake as Http1Client makes it: the host name checked against the certificate. */
    private static void handshake(TrustManager trust, String host, Server server) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trust}, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(host, server.port())) {
            socket.setSoTimeout(10_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
        }
    }

    private static CertificateException refusal(TrustManager trust, String host, Server server) {
        Throwable thrown = catchThrowable(() -> handshake(trust, host, server));
        assertThat(thrown).isInstanceOf(SSLHandshakeException.class).hasCauseInstanceOf(CertificateException.class);
        return (CertificateException) thrown.getCause();
    }

    /** A self-signed certificate for localhost (dns:localhost only), its key in {@code <name>.p12}. */
    private static KeyStore certificate(String name) throws Exception {
        Path p12 = dir.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "SAN=dns:localhost", "-validity", "2", "-keystore", p12.toString(), "-storetype", "PKCS12",
                "-storepass", PASS, "-keypass", PASS);
        return load(p12);
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
        keytool("-importcert", "-alias", "leaf", "-file", dir.resolve("leaf.crt").toString(), "-keystore", leaf, "-storepass", PASS);
        return load(Path.of(leaf));
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(keytool.exitValue()).as("keytool %s: %s", args[0], out).isZero();
    }

    private static KeyStore load(Path p12) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, PASS.toCharArray());
        }
        return store;
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
