package dev.belay.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.belay.testkit.fake.FakeOrchestrator;
import dev.belay.testkit.fake.LocalhostCertificate;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code belay check} against real endpoints on loopback: each outcome is one sentence with its fix. */
class CheckCommandTest {

    static final String GUID = FakeOrchestrator.newRobotGuid();
    @TempDir
    static Path dir;
    static LocalhostCertificate certificate;
    static FakeOrchestrator fake;

    @BeforeAll
    static void start() throws Exception {
        certificate = LocalhostCertificate.generate(dir);
        fake = FakeOrchestrator.builder().robot(GUID).https(certificate).build().start();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    record Outcome(int exitCode, String out, String err) { }

    private static Outcome check(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Belay.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 5];
        all[0] = "check";
        all[1] = "--robot-guid";
        all[2] = GUID;
        all[3] = "--scripts-dir";
        all[4] = dir.toString();
        System.arraycopy(args, 0, all, 5, args.length);
        return new Outcome(cli.execute(all), out.toString(), err.toString());
    }

    @Test
    void aReachableOrchestratorPassesAndNothingIsSentThatChangesState() {
        Outcome o = check("--orchestrator", fake.baseUrl());

        assertThat(o.exitCode()).as(o.toString()).isZero();
        assertThat(o.out()).contains("reached the orchestrator at " + fake.baseUrl());
        assertThat(fake.journal()).allSatisfy(e -> assertThat(e.method()).isEqualTo("GET"));
        assertThat(fake.jobs()).isEmpty();
    }

    @Test
    void aRefusedPortIsExplained() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Outcome o = check("--orchestrator", "http://127.0.0.1:" + closed);

        assertThat(o.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(o.err()).contains("nothing accepts connections at 127.0.0.1:" + closed);
    }

    @Test
    void anUnknownHostIsExplained() {
        Outcome o = check("--orchestrator", "http://no-such-host.invalid:4500");

        assertThat(o.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(o.err()).contains("'no-such-host.invalid' does not resolve");
    }

    @Test
    void anUntrustedCertificateIsExplainedWithTheFix() {
        Outcome o = check("--orchestrator", fake.httpsBaseUrl());

        assertThat(o.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(o.err()).contains("certificate is not trusted").contains("--truststore FILE");
    }

    @Test
    void theTruststoreOptionMakesTheSameCertificateTrusted() {
        Outcome o = check("--orchestrator", fake.httpsBaseUrl(), "--truststore", certificate.certificatePem().toString());

        assertThat(o.exitCode()).as(o.toString()).isZero();
        assertThat(o.out()).contains("reached the orchestrator");
    }

    @Test
    void insecureIsAcceptedButWarned() {
        Outcome o = check("--orchestrator", fake.httpsBaseUrl(), "--insecure");

        assertThat(o.exitCode()).as(o.toString()).isZero();
        assertThat(o.out()).contains("warning: --insecure");
    }

    @Test
    void plainHttpToATlsPortIsExplained() {
        Outcome o = check("--orchestrator", fake.httpsBaseUrl().replace("https:", "http:"));

        assertThat(o.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(o.err()).contains("scheme (http or https)");
    }

    @Test
    void aConfigurationErrorIsExitTwo() {
        Outcome o = check("--orchestrator", "orch.example");

        assertThat(o.exitCode()).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(o.err()).contains("scheme included");
    }

    @Test
    void aBrokenTruststoreIsAConfigurationErrorThatNamesTheFileAndNothingIsSent() throws Exception {
        Path bad = java.nio.file.Files.writeString(dir.resolve("bad.pem"), "garbage\n");
        int before = fake.journal().size();

        Outcome o = check("--orchestrator", fake.httpsBaseUrl(), "--truststore", bad.toString());

        assertThat(o.exitCode()).as(o.toString()).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(o.err()).contains(bad.toString()).contains("neither a PEM file with a CERTIFICATE block nor a readable PKCS#12 file")
                .doesNotContain("null").doesNotContain("connected");
        assertThat(fake.journal()).hasSize(before);
    }

    @Test
    void aMissingInterpreterIsAConfigurationError() {
        Path missing = dir.resolve("nonexistent/python");
        Outcome o = check("--orchestrator", fake.baseUrl(), "--python", missing.toString());

        assertThat(o.exitCode()).as(o.toString()).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(o.err()).contains("belay: python: " + missing + " does not exist");
    }

    @Test
    void aStateDirThatIsAFileIsAConfigurationErrorAsForRun() throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("state-is-a-file"), "");
        Outcome o = check("--orchestrator", fake.baseUrl(), "--state-dir", file.toString());

        assertThat(o.exitCode()).as(o.toString()).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(o.err()).contains("belay: state-dir: " + file + " is a file, not a folder");
    }

    @Test
    void aZeroTimeoutIsRefusedByItsOptionName() throws Exception {
        Path props = java.nio.file.Files.writeString(dir.resolve("timeouts.properties"), "connect-timeout=0\nread-timeout=0.0001\n");
        Outcome o = check("--orchestrator", fake.baseUrl(), "--config", props.toString());

        assertThat(o.exitCode()).as(o.toString()).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(o.err()).contains("belay: connect-timeout: '0' must be at least 1ms")
                .contains("belay: read-timeout: '0.0001' must be at least 1ms")
                .doesNotContain("connectTimeout");
    }

    @Test
    void refusedCredentialsAreExplained() {
        assertThat(CheckCommand.explain(java.net.URI.create("https://orch.example"),
                new dev.belay.client.ProbeResult.Answered(401, java.time.Duration.ofMillis(3))))
                .contains("refused this robot's credentials (HTTP 401)").contains("auth scheme");
        assertThat(CheckCommand.exitCode(new dev.belay.client.ProbeResult.Answered(403, java.time.Duration.ZERO)))
                .isEqualTo(ExitCodes.NOT_REGISTERED);
    }

    /** Over plain http there is no TLS to vouch for: the sentence does not mention it. */
    @Test
    void anAnswerOverHttpSaysNothingOfTls() {
        var ok = new dev.belay.client.ProbeResult.Answered(200, java.time.Duration.ofMillis(3));
        var notFound = new dev.belay.client.ProbeResult.Answered(404, java.time.Duration.ofMillis(3));
        assertThat(CheckCommand.explain(java.net.URI.create("http://orch.example:4500"), ok))
                .contains("connection and credentials are fine").doesNotContain("TLS");
        assertThat(CheckCommand.explain(java.net.URI.create("http://orch.example:4500"), notFound))
                .contains("the connection is fine, but a read-only API path answered 404").doesNotContain("TLS");
        assertThat(CheckCommand.explain(java.net.URI.create("https://orch.example"), ok)).contains("connection, TLS and credentials are fine");
        assertThat(CheckCommand.explain(java.net.URI.create("https://orch.example"), notFound)).contains("TLS is fine");
    }
}
