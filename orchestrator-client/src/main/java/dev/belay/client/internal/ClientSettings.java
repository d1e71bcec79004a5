package dev.belay.client.internal;

import dev.belay.client.AuthScheme;
import dev.belay.client.JobUpdateStyle;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A built client's configuration, as the builder validated it;
 * {@link #toString()} masks the GUID.
 */
public record ClientSettings(URI baseUrl, String robotGuid, AuthScheme authScheme, JobUpdateStyle jobUpdateStyle,
                             Path trustStore, char[] trustStorePassword, boolean insecure,
                             Duration connectTimeout, Duration readTimeout) {

    @Override
    public String toString() {
        return "ClientSettings[baseUrl=" + baseUrl + ", robotGuid=" + mask(robotGuid) + ", authScheme=" + authScheme
                + ", jobUpdateStyle=" + jobUpdateStyle + ", trustStore=" + trustStore + ", insecure=" + insecure
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + "]";
    }

    /** {@code da8b…e151}: enough to tell robots apart in a log, not enough to impersonate one. */
    public static String mask(String secret) {
        if (secret == null) {
            return "null";
        }
        return secret.length() <= 8 ? "****" : secret.substring(0, 4) + "…" + secret.substring(secret.length() - 4);
    }
}
