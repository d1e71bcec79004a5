package dev.belay.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static dev.belay.client.WireMockSupport.ROBOT_GUID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS against a self-signed certificate made here with the JDK's {@code keytool} (for {@code localhost}
 * only): rejected by default, trusted through a PEM or a PKCS#12 trust store, accepted by {@code insecure}.
 */
class TlsIT {

    private static final String SERVER_PASS = "server-pass";
    private static final String TRUST_PASS = "trust-pass";

    @TempDir
    static Path dir;
    private static Path serverPem;
    private static Path bundlePem;
    private static Path otherPem;
    private static Path trustP12;
    private static WireMockServer server;

    @BeforeAll
    static void makeCertificatesAndStart() throws Exception {
        Path serverP12 = dir.resolve("server.p12");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost", "-validity", "2", "-keystore", serverP12.toString(), "-storetype", "PKCS12",
                "-storepass", SERVER_PASS, "-keypass", SERVER_PASS);
        serverPem = dir.resolve("server.pem");
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", serverP12.toString(), "-storepass", SERVER_PASS,
                "-file", serverPem.toString());
        Path otherP12 = dir.resolve("other.p12");
        keytool("-genkeypair", "-alias", "other", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Other CA",
                "-validity", "2", "-keystore", otherP12.toString(), "-storetype", "PKCS12",
                "-storepass", SERVER_PASS, "-keypass", SERVER_PASS);
        otherPem = dir.resolve("other.pem");
        keytool("-exportcert", "-rfc", "-alias", "other", "-keystore", otherP12.toString(), "-storepass", SERVER_PASS,
                "-file", otherPem.toString());
        // Several certificates with text around them, as CA bundles come.
        bundlePem = dir.resolve("bundle.pem");
        Files.writeString(bundlePem, "# Other CA\n" + Files.readString(otherPem) + "\nsubject=CN = localhost\n"
                + Files.readString(serverPem));
        trustP12 = dir.resolve("trust.p12");
        keytool("-importcert", "-noprompt", "-alias", "orchestrator", "-file", serverPem.toString(),
                "-keystore", trustP12.toString(), "-storetype", "PKCS12", "-storepass", TRUST_PASS);

        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").httpDisabled(true)
                .dynamicHttpsPort().keystorePath(serverP12.toString()).keystoreType("PKCS12")
                .keystorePassword(SERVER_PASS).keyManagerPassword(SERVER_PASS));
        server.start();
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(p.exitValue()).as("keytool %s: %s", args[0], out).isZero();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{\"HeartbeatErrorCode\":0,\"HasNewJob\":0}")));
    }

    private static OrchestratorClientBuilder https(String host) {
        return OrchestratorClient.builder().baseUrl("https://" + host + ":" + server.httpsPort()).robotGuid(ROBOT_GUID);
    }

    private static HeartbeatReply heartbeat(OrchestratorClient client) {
        return client.heartbeat(Heartbeat.ready("PC", "10.0.0.7", "AA-BB-CC-DD-EE-FF"));
    }

    @Test
    void selfSignedCertificateIsRejectedByDefaultBeforeAnythingIsSent() {
        OrchestratorClient client = https("localhost").build();

        assertThatThrownBy(() -> heartbeat(client))
                .isInstanceOf(OrchestratorException.NotSent.class)
                .hasMessageContaining("TLS handshake failed");
        assertThat(server.getAllServeEvents()).as("journal").isEmpty();
    }

    @Test
    void pemTrustStoreIsAccepted() {
        HeartbeatReply reply = heartbeat(https("localhost").trustStore(serverPem).build());

        assertThat(reply.hasNewJob()).isEqualTo(HasNewJob.NO_JOB);
        assertThat(server.getAllServeEvents()).hasSize(1);
    }

    @Test
    void pemBundleWithSeveralCertificatesIsAccepted() {
        heartbeat(https("localhost").trustStore(bundlePem).build());

        assertThat(server.getAllServeEvents()).hasSize(1);
    }

    @Test
    void pkcs12TrustStoreIsAccepted() {
        heartbeat(https("localhost").trustStore(trustP12, TRUST_PASS.toCharArray()).build());

        assertThat(server.getAllServeEvents()).hasSize(1);
    }

    @Test
    void aTrustStoreWithoutTheServersCertificateLeavesItToTheSystemRootsWhichRejectIt() {
        OrchestratorClient client = https("localhost").trustStore(otherPem).build();

        assertThatThrownBy(() -> heartbeat(client))
                .isInstanceOf(OrchestratorException.NotSent.class)
                .hasMessageContaining("TLS handshake failed");
        assertThat(server.getAllServeEvents()).as("journal").isEmpty();
    }

    @Test
    void trustedCertificateForAnotherHostNameIsStillRejected() {
        OrchestratorClient client = https("127.0.0.1").trustStore(serverPem).build();

        assertThatThrownBy(() -> heartbeat(client)).isInstanceOf(OrchestratorException.NotSent.class)
                .hasMessageContaining("TLS handshake failed")
                .hasMessageContaining("the server's certificate is not for the host 127.0.0.1: it is for DNS:localhost");
        assertThat(server.getAllServeEvents()).as("journal").isEmpty();
    }

    @Test
    void insecureAcceptsAnyCertificateAndHostNameAndWarnsOncePerClient() {
        PrintStream originalErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            // 127.0.0.1 is not in the certificate: the host name check is off too.
            OrchestratorClient client = https("127.0.0.1").insecure(true).build();
            heartbeat(client);
            heartbeat(client);
            client.updateJob("job-1", JobStatus.SUCCESS);
        } finally {
            System.setErr(originalErr);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        originalErr.print(log);

        assertThat(server.getAllServeEvents()).hasSize(3);
        assertThat(log.lines().filter(l -> l.contains("WARN") && l.contains("insecure"))).hasSize(1);
    }

    @Test
    void insecureDoesNotWeakenOtherClientsInTheSameJvm() {
        heartbeat(https("127.0.0.1").insecure(true).build());
        OrchestratorClient strict = https("localhost").build();

        assertThatThrownBy(() -> heartbeat(strict)).isInstanceOf(OrchestratorException.NotSent.class);
    }

    @Test
    void probeUsesTheSameTrust() {
        assertThat(((ProbeResult.Failed) https("localhost").buildProbe().probe()).problem())
                .isEqualTo(ProbeResult.Problem.CERTIFICATE_NOT_TRUSTED);
        assertThat(((ProbeResult.Failed) https("127.0.0.1").trustStore(serverPem).buildProbe().probe()).problem())
                .isEqualTo(ProbeResult.Problem.CERTIFICATE_NOT_TRUSTED);
        assertThat(https("localhost").trustStore(serverPem).buildProbe().probe()).isInstanceOf(ProbeResult.Answered.class);
        assertThat(https("127.0.0.1").insecure(true).buildProbe().probe()).isInstanceOf(ProbeResult.Answered.class);
        assertThat(server.getAllServeEvents()).hasSize(2);
    }

    @Test
    void unreadableTrustStoreFailsTheBuildClearly() throws IOException {
        Path garbage = Files.writeString(dir.resolve("garbage.p12"), "not a key store");
        Path emptyPem = Files.writeString(dir.resolve("empty.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> https("localhost").trustStore(garbage).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TLS trust");
        assertThatThrownBy(() -> https("localhost").trustStore(emptyPem).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no CERTIFICATE");
        assertThatThrownBy(() -> https("localhost").trustStore(trustP12, "wrong".toCharArray()).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBadTrustStoreIsNamedWithWhatIsWrongWithItNeverNull() throws IOException {
        // "garbage\n" makes the JDK's PKCS#12 reader throw an EOFException without a message: it was "null".
        Path garbage = Files.writeString(dir.resolve("bad.pem"), "garbage\n");
        Path brokenPem = Files.writeString(dir.resolve("broken.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

        assertThatThrownBy(() -> https("localhost").trustStore(garbage).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot set up TLS trust: " + garbage + " is neither a PEM file with a CERTIFICATE block nor a readable PKCS#12 file (EOFException)");
        assertThatThrownBy(() -> https("localhost").trustStore(brokenPem).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot set up TLS trust: PEM file " + brokenPem + ": CERTIFICATE block 1 is not a readable certificate (");
        assertThatThrownBy(() -> https("localhost").trustStore(trustP12, "wrong".toCharArray()).build())
                .hasMessage("cannot set up TLS trust: the password given for PKCS#12 file " + trustP12 + " is wrong");
        assertThatThrownBy(() -> https("localhost").trustStore(trustP12).build())
                .hasMessage("cannot set up TLS trust: PKCS#12 file " + trustP12 + " is protected by a password, and none was given");
        assertThatThrownBy(() -> https("localhost").trustStore(dir.resolve("missing.pem")).build())
                .hasMessage("cannot set up TLS trust: cannot read the trust store " + dir.resolve("missing.pem") + " (NoSuchFileException)");
    }

    @Test
    void buildingAProbeReadsTheTrustStoreSoThatABadOneIsNeverAProbeResult() throws IOException {
        Path garbage = Files.writeString(dir.resolve("bad-for-probe.pem"), "garbage\n");

        assertThatThrownBy(() -> https("localhost").trustStore(garbage).buildProbe())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(garbage.toString());
        assertThatThrownBy(() -> https("localhost").trustStore(trustP12, "wrong".toCharArray()).buildProbe())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is wrong");
    }
}
