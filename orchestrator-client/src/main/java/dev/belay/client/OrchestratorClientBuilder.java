package dev.belay.client;

import dev.belay.client.internal.ClientSettings;
import dev.belay.client.internal.FeignOrchestratorClient;
import dev.belay.client.internal.HttpProbe;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/** Configures and builds an {@link OrchestratorClient}. Not thread-safe; the client it builds is. */
public final class OrchestratorClientBuilder {

    private URI baseUrl;
    private String robotGuid;
    private AuthScheme authScheme = AuthScheme.BASIC;
    private JobUpdateStyle jobUpdateStyle = JobUpdateStyle.DEFAULT;
    private Path trustStore;
    private char[] trustStorePassword;
    private boolean insecure;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);

    OrchestratorClientBuilder() {
    }

    /** Scheme, host and port, e.g. {@code https://orch.example:443}; a path prefix is kept. Required. */
    public OrchestratorClientBuilder baseUrl(URI baseUrl) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        return this;
    }

    public OrchestratorClientBuilder baseUrl(String baseUrl) {
        return baseUrl(URI.create(Objects.requireNonNull(baseUrl, "baseUrl")));
    }

    /** The robot's GUID: a credential, never logged. Required. */
    public OrchestratorClientBuilder robotGuid(String robotGuid) {
        this.robotGuid = Objects.requireNonNull(robotGuid, "robotGuid");
        return this;
    }

    public OrchestratorClientBuilder authScheme(AuthScheme authScheme) {
        this.authScheme = Objects.requireNonNull(authScheme, "authScheme");
        return this;
    }

    public OrchestratorClientBuilder jobUpdateStyle(JobUpdateStyle jobUpdateStyle) {
        this.jobUpdateStyle = Objects.requireNonNull(jobUpdateStyle, "jobUpdateStyle");
        return this;
    }

    /**
     * Trust the certificates in this file in addition to the platform's: a PEM file (one or more
     * certificates) or a PKCS#12 file ({@code .p12}/{@code .pfx}, password may be empty).
     */
    public OrchestratorClientBuilder trustStore(Path file, char[] password) {
        this.trustStore = Objects.requireNonNull(file, "file");
        this.trustStorePassword = password == null ? new char[0] : password.clone();
        return this;
    }

    public OrchestratorClientBuilder trustStore(Path file) {
        return trustStore(file, null);
    }

    /** Trust any certificate and host name. Logs a warning once per client. For tests and emergencies. */
    public OrchestratorClientBuilder insecure(boolean insecure) {
        this.insecure = insecure;
        return this;
    }

    public OrchestratorClientBuilder connectTimeout(Duration connectTimeout) {
        this.connectTimeout = positive(connectTimeout, "connectTimeout");
        return this;
    }

    public OrchestratorClientBuilder readTimeout(Duration readTimeout) {
        this.readTimeout = positive(readTimeout, "readTimeout");
        return this;
    }

    /**
     * @throws IllegalStateException    if the base URL or the robot GUID is missing
     * @throws IllegalArgumentException if the base URL is not http(s) or the trust store cannot be read
     */
    public OrchestratorClient build() {
        return new FeignOrchestratorClient(settings());
    }

    /**
     * A probe with the same URL, credentials, TLS trust and timeouts, for a side-effect-free reachability check.
     *
     * @throws IllegalStateException    if the base URL or the robot GUID is missing
     * @throws IllegalArgumentException as {@link #build()}: the trust store is read now, so that a bad one
     *                                  is a configuration error and never a probe result
     */
    public OrchestratorProbe buildProbe() {
        return new HttpProbe(settings());
    }

    private ClientSettings settings() {
        if (baseUrl == null) {
            throw new IllegalStateException("baseUrl is required");
        }
        if (robotGuid == null || robotGuid.isBlank()) {
            throw new IllegalStateException("robotGuid is required");
        }
        String scheme = baseUrl.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("orchestrator URL must be http(s)://host[:port], not '" + baseUrl + "'");
        }
        return new ClientSettings(baseUrl, robotGuid, authScheme, jobUpdateStyle,
                trustStore, trustStorePassword, insecure, connectTimeout, readTimeout);
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return d;
    }
}
