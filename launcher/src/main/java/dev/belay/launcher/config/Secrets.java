package dev.belay.launcher.config;

/** How secrets are shown to people. */
public final class Secrets {

    private Secrets() {
    }

    /** {@code da8b…e151}: enough to tell robots apart in a log, not enough to impersonate one. */
    public static String mask(String secret) {
        if (secret == null || secret.isEmpty()) {
            return "(none)";
        }
        return secret.length() <= 12 ? "****" : secret.substring(0, 4) + "…" + secret.substring(secret.length() - 4);
    }
}
