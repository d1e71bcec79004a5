package dev.belay.launcher.config;

import dev.belay.client.AuthScheme;
import dev.belay.client.JobUpdateStyle;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The launcher's effective configuration, validated. Built by {@link ConfigLoader}.
 *
 * @param python           the interpreter command with its arguments; empty = let the runner choose
 * @param machine          override of the detected machine name, or null
 * @param ip               override of the detected IP, or null
 * @param mac              override of the detected MAC, or null
 * @param truststore       extra trusted certificates (PEM or PKCS#12), or null
 * @param prestart         start the next job's interpreter ahead (the runner's prepareNext); on unless turned off
 * @param vendorSettings   the vendor's settings.txt that was read, or null if none
 * @param origins          for each key, the layer its value came from (for the start-up log)
 */
public record LauncherConfig(URI orchestrator, String robotGuid, Path scriptsDir, Path stateDir, List<String> python,
                             Duration heartbeatInterval, Duration stopGrace, boolean logoff, AuthScheme authScheme,
                             Path truststore, String truststorePassword, boolean insecure,
                             String machine, String ip, String mac, JobUpdateStyle jobUpdateStyle,
                             Duration connectTimeout, Duration readTimeout, Duration retryBudget, LogFormat logFormat,
                             boolean prestart, Path vendorSettings, Map<Key, String> origins) {

    public enum LogFormat { TEXT, JSON }

    public LauncherConfig {
        Objects.requireNonNull(orchestrator, "orchestrator");
        Objects.requireNonNull(robotGuid, "robotGuid");
        python = List.copyOf(python);
        origins = Map.copyOf(origins);
    }

    public Optional<Path> vendorSettingsFile() {
        return Optional.ofNullable(vendorSettings);
    }

    /** One line per setting, {@code key = value (origin)}, secrets masked: the start-up log. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        add(lines, Key.ORCHESTRATOR, orchestrator);
        add(lines, Key.ROBOT_GUID, Secrets.mask(robotGuid));
        add(lines, Key.SCRIPTS_DIR, scriptsDir);
        add(lines, Key.STATE_DIR, stateDir);
        add(lines, Key.PYTHON, python.isEmpty() ? "(auto)" : String.join(" ", python));
        add(lines, Key.HEARTBEAT_INTERVAL, Durations.format(heartbeatInterval));
        add(lines, Key.STOP_GRACE, Durations.format(stopGrace));
        add(lines, Key.LOGOFF, logoff);
        add(lines, Key.AUTH_SCHEME, authScheme.headerWord());
        add(lines, Key.TRUSTSTORE, truststore == null ? "(platform trust)" : truststore);
        add(lines, Key.INSECURE, insecure);
        add(lines, Key.MACHINE, machine == null ? "(detected)" : machine);
        add(lines, Key.IP, ip == null ? "(detected)" : ip);
        add(lines, Key.MAC, mac == null ? "(detected)" : mac);
        add(lines, Key.JOB_UPDATE, jobUpdateStyle.method() + " " + jobUpdateStyle.guidField() + " " + jobUpdateStyle.statusField());
        add(lines, Key.CONNECT_TIMEOUT, Durations.format(connectTimeout));
        add(lines, Key.READ_TIMEOUT, Durations.format(readTimeout));
        add(lines, Key.RETRY_BUDGET, Durations.format(retryBudget));
        add(lines, Key.LOG_FORMAT, logFormat.name().toLowerCase(java.util.Locale.ROOT));
        add(lines, Key.PRESTART, prestart);
        add(lines, Key.VENDOR_SETTINGS, vendorSettings == null ? "(none)" : vendorSettings);
        return lines;
    }

    private void add(List<String> lines, Key key, Object shown) {
        lines.add(key.option() + " = " + shown + " (" + origins.getOrDefault(key, "default") + ")");
    }

    @Override
    public String toString() {
        return "LauncherConfig" + describe();
    }
}
