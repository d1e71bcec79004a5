package dev.belay.testkit.fake;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, for testing TLS against
 * the fake: trusted when the robot is given {@link #certificatePem()} (or {@link #keystore()}) as
 * its trust store, untrusted otherwise — exactly the self-signed orchestrator of real sites.
 * Generated with the JDK's own {@code keytool}, so no crypto library is needed.
 *
 * @param keystore       PKCS#12 key store holding the key and the certificate
 * @param password       the key store's (and key's) password
 * @param certificatePem the certificate alone, PEM
 */
public record LocalhostCertificate(Path keystore, String password, Path certificatePem) {

    private static final String ALIAS = "belay-fake-orchestrator";

    /** Generates a fresh key pair and certificate into {@code dir} (a test's temp directory). */
    public static LocalhostCertificate generate(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path keystore = dir.resolve("fake-orchestrator.p12");
        Path pem = dir.resolve("fake-orchestrator.pem");
        Files.deleteIfExists(keystore);
        Files.deleteIfExists(pem);
        String password = "changeit";
        // EC: generating it is cheap (an RSA key costs seconds on a loaded machine).
        keytool("-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3650",
                "-dname", "CN=localhost, O=Belay testkit", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", password, "-keypass", password);
        // The PEM is written here rather than by a second keytool run: one JVM start less.
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password.toCharArray());
            String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(ks.getCertificate(ALIAS).getEncoded());
            Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n");
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the generated key store", e);
        }
        return new LocalhostCertificate(keystore, password, pem);
    }

    private static void keytool(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("keytool " + args[0] + " failed: " + out.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
    }
}
