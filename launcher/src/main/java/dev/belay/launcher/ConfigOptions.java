package dev.belay.launcher;

import dev.belay.launcher.config.Key;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every command that talks to the orchestrator shares. Each also reads an environment variable. */
final class ConfigOptions {

    @Option(names = "--orchestrator", paramLabel = "URL", description = "Orchestrator base URL, scheme included. Env ROBOT_ORCHESTRATOR_URL.")
    String orchestrator;

    @Option(names = "--robot-guid", paramLabel = "GUID", description = "This robot's GUID (a credential, never logged). Env ROBOT_GUID.")
    String robotGuid;

    @Option(names = "--scripts-dir", paramLabel = "DIR", description = "Folder of the robot scripts. Env ROBOT_SCRIPTS_DIR. Default: current folder.")
    String scriptsDir;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Outbox, journal and logs; one agent at a time. Env ROBOT_STATE_DIR. Default: %%LOCALAPPDATA%%\\Belay on Windows, ~/.local/state/belay elsewhere.")
    String stateDir;

    @Option(names = "--python", paramLabel = "CMD", description = "Interpreter command. Env ROBOT_PYTHON. Default: the scripts folder's .venv if there is one, else py -3 on Windows, python3 elsewhere.")
    String python;

    @Option(names = "--heartbeat-interval", paramLabel = "DUR", description = "Minimum gap between heartbeats (10s, 500ms, PT10S, 0.05). Env ROBOT_HEARTBEAT_INTERVAL. Default: 10s.")
    String heartbeatInterval;

    @Option(names = "--stop-grace", paramLabel = "DUR", description = "How long a graceful stop may take before the script is killed. Env ROBOT_STOP_GRACE. Default: 30s.")
    String stopGrace;

    @Option(names = "--logoff", negatable = true, description = "Log the Windows session off when no job is left. Env ROBOT_LOGOFF. Default: on for Windows, off elsewhere.")
    Boolean logoff;

    @Option(names = "--auth-scheme", paramLabel = "Basic|Bearer", description = "Authorization scheme word. Env ROBOT_AUTH_SCHEME. Default: Basic.")
    String authScheme;

    @Option(names = "--truststore", paramLabel = "FILE", description = "Also trust the certificates in this PEM or PKCS#12 file. Env ROBOT_TRUSTSTORE.")
    String truststore;

    @Option(names = "--insecure", description = "Trust any certificate (loudly logged). Env ROBOT_INSECURE.")
    Boolean insecure;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with the same keys as the long options (orchestrator=…, robot-guid=…).")
    Path config;

    @Option(names = "--vendor-settings", paramLabel = "FILE", description = "The vendor framework's settings.txt. Env ROBOT_VENDOR_SETTINGS. Default: %%APPDATA%%\\Sherpa RPA Python\\settings.txt.")
    String vendorSettings;

    @Option(names = "--log-format", paramLabel = "text|json", description = "Log line format. Env ROBOT_LOG_FORMAT. Default: text.")
    String logFormat;

    Map<Key, String> flags() {
        Map<Key, String> flags = new EnumMap<>(Key.class);
        put(flags, Key.ORCHESTRATOR, orchestrator);
        put(flags, Key.ROBOT_GUID, robotGuid);
        put(flags, Key.SCRIPTS_DIR, scriptsDir);
        put(flags, Key.STATE_DIR, stateDir);
        put(flags, Key.PYTHON, python);
        put(flags, Key.HEARTBEAT_INTERVAL, heartbeatInterval);
        put(flags, Key.STOP_GRACE, stopGrace);
        put(flags, Key.LOGOFF, logoff == null ? null : logoff.toString());
        put(flags, Key.AUTH_SCHEME, authScheme);
        put(flags, Key.TRUSTSTORE, truststore);
        put(flags, Key.INSECURE, insecure == null ? null : insecure.toString());
        put(flags, Key.LOG_FORMAT, logFormat);
        put(flags, Key.VENDOR_SETTINGS, vendorSettings);
        return flags;
    }

    private static void put(Map<Key, String> map, Key key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
