package dev.belay.testkit.fake;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpsTest {

    static final String ROBOT = "7157a11e-0000-4000-8000-000000000001";

    @Test
    void servesHttpsWithAGeneratedLocalhostCertificateThatOnlyATrustingClientAccepts(@TempDir Path dir) throws Exception {
        LocalhostCertificate cert = LocalhostCertificate.generate(dir);
        try (FakeOrchestrator fake = FakeOrchestrator.builder().robot(ROBOT).https(cert).build().start()) {
            HttpRequest heartbeat = HttpRequest.newBuilder(URI.create(fake.httpsBaseUrl() + "/api/robot/heartbeat"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", fake.authorizationFor(ROBOT))
                    .POST(HttpRequest.BodyPublishers.ofString("RobotGUID=" + ROBOT
                            + "&Machine=M&IP=127.0.0.1&MAC=AA-BB-CC-DD-EE-FF&Status=2&JobGUID=&JobName=&JobType=1"))
                    .build();

            HttpClient platformTrust = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            assertThatThrownBy(() -> platformTrust.send(heartbeat, HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(SSLHandshakeException.class);

            HttpClient trusting = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .sslContext(trusting(cert.certificatePem())).build();
            HttpResponse<String> r = trusting.send(heartbeat, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"HeartbeatErrorCode\":0");
            assertThat(fake.journal()).hasSize(1);
            assertThat(fake.violations()).isEmpty();
        }
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            trust.setCertificateEntry("fake", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
