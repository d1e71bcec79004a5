package dev.belay.launcher.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Every configuration setting: its option name (also its key in a {@code --config} properties file)
 * and its environment variable. The CLI contract in ARCHITECTURE.md lists the first eleven; the rest
 * are extensions that follow the same pattern.
 */
public enum Key {
    ORCHESTRATOR("orchestrator", "ROBOT_ORCHESTRATOR_URL", false),
    ROBOT_GUID("robot-guid", "ROBOT_GUID", true),
    SCRIPTS_DIR("scripts-dir", "ROBOT_SCRIPTS_DIR", false),
    STATE_DIR("state-dir", "ROBOT_STATE_DIR", false),
    PYTHON("python", "ROBOT_PYTHON", false),
    HEARTBEAT_INTERVAL("heartbeat-interval", "ROBOT_HEARTBEAT_INTERVAL", false),
    STOP_GRACE("stop-grace", "ROBOT_STOP_GRACE", false),
    LOGOFF("logoff", "ROBOT_LOGOFF", false),
    AUTH_SCHEME("auth-scheme", "ROBOT_AUTH_SCHEME", false),
    TRUSTSTORE("truststore", "ROBOT_TRUSTSTORE", false),
    TRUSTSTORE_PASSWORD("truststore-password", "ROBOT_TRUSTSTORE_PASSWORD", true),
    INSECURE("insecure", "ROBOT_INSECURE", false),
    MACHINE("machine", "ROBOT_MACHINE", false),
    IP("ip", "ROBOT_IP", false),
    MAC("mac", "ROBOT_MAC", false),
    JOB_UPDATE("job-update", "ROBOT_JOB_UPDATE", false),
    CONNECT_TIMEOUT("connect-timeout", "ROBOT_CONNECT_TIMEOUT", false),
    READ_TIMEOUT("read-timeout", "ROBOT_READ_TIMEOUT", false),
    RETRY_BUDGET("retry-budget", "ROBOT_RETRY_BUDGET", false),
    LOG_FORMAT("log-format", "ROBOT_LOG_FORMAT", false),
    PRESTART("prestart", "ROBOT_PRESTART", false),
    VENDOR_SETTINGS("vendor-settings", "ROBOT_VENDOR_SETTINGS", false);

    private final String option;
    private final String environmentVariable;
    private final boolean secret;

    Key(String option, String environmentVariable, boolean secret) {
        this.option = option;
        this.environmentVariable = environmentVariable;
        this.secret = secret;
    }

    /** The long option without dashes, and the properties-file key. */
    public String option() {
        return option;
    }

    public String environmentVariable() {
        return environmentVariable;
    }

    /** Secret values are masked wherever the configuration is shown. */
    public boolean secret() {
        return secret;
    }

    /** The key for a properties-file name, accepting {@code robot-guid}, {@code robot.guid} and {@code ROBOT_GUID}. */
    public static Optional<Key> byName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('.', '-').replace('_', '-');
        for (Key k : values()) {
            if (k.option.equals(n) || k.environmentVariable.toLowerCase(Locale.ROOT).replace('_', '-').equals(n)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
