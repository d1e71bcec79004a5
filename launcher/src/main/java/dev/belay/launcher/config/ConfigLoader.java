package dev.belay.launcher.config;

import dev.belay.client.AuthScheme;
import dev.belay.client.JobUpdateStyle;
import dev.belay.runner.python.InterpreterCheck;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Resolves the configuration. Precedence, first wins: command-line flag &gt; environment variable &gt;
 * {@code --config} properties file &gt; the vendor's {@code settings.txt} &gt; default. Every problem
 * is collected, so that a person fixes them all in one go.
 */
public final class ConfigLoader {

    private final Platform platform;

    public ConfigLoader(Platform platform) {
        this.platform = platform;
    }

    /**
     * @param flags      values given on the command line
     * @param configFile the {@code --config} file, or null
     */
    public LauncherConfig load(Map<Key, String> flags, Path configFile) throws ConfigurationException {
        return load(flags, configFile, false);
    }

    /**
     * {@link #load}, and what {@code run} needs of this machine before its first heartbeat, checked from
     * the file system alone (no process is started): the state folder is a folder or can be made one, and
     * the Python interpreter is found the way the runner will look for it ({@link InterpreterCheck}). Every
     * problem, of either kind, is reported at once. {@code run} and {@code check} load with this.
     */
    public LauncherConfig loadAndCheck(Map<Key, String> flags, Path configFile) throws ConfigurationException {
        return load(flags, configFile, true);
    }

    private LauncherConfig load(Map<Key, String> flags, Path configFile, boolean checkMachine) throws ConfigurationException {
        List<Source> sources = new ArrayList<>();
        sources.add(new Source("flag", flags));
        sources.add(new Source("env", fromEnvironment()));
        List<String> fileProblems = new ArrayList<>();
        if (configFile != null) {
            sources.add(new Source("config " + configFile.getFileName(), fromProperties(configFile, fileProblems)));
        }
        Path vendorFile = vendorSettingsFile(sources);
        if (vendorFile != null) {
            sources.add(new Source("settings.txt", VendorSettings.read(vendorFile)));
        }
        Resolved resolved = new Resolved(sources);
        resolved.problems.addAll(fileProblems); // reported with every other problem, not alone
        return build(resolved, vendorFile, checkMachine);
    }

    private Map<Key, String> fromEnvironment() {
        Map<Key, String> values = new EnumMap<>(Key.class);
        for (Key k : Key.values()) {
            String v = platform.env(k.environmentVariable());
            if (v != null) {
                values.put(k, v);
            }
        }
        return values;
    }

    /**
     * The settings of a {@code --config} file. A relative path in it is relative to the file's own folder,
     * not to wherever the agent was started from (a scheduled task starts in the Windows system folder
     * unless told otherwise): {@code scripts-dir}, {@code state-dir}, {@code truststore},
     * {@code vendor-settings}, and a {@code python} command's program when it names a folder
     * ({@code .venv/bin/python}; a bare {@code python3} is looked up on PATH as ever). An unknown key is a
     * problem reported with all the others; a file that cannot be read at all ends the loading.
     */
    private static Map<Key, String> fromProperties(Path file, List<String> problems) throws ConfigurationException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("config: the configuration file " + file + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException("config: cannot read the configuration file " + file + ": " + e);
        }
        Path folder = file.toAbsolutePath().normalize().getParent();
        Map<Key, String> values = new EnumMap<>(Key.class);
        for (String name : p.stringPropertyNames()) {
            Key.byName(name).ifPresentOrElse(k -> values.put(k, relativeToFolder(k, p.getProperty(name), folder)),
                    () -> problems.add(file + ": unknown setting '" + name + "'"));
        }
        return values;
    }

    /** Far above any orchestrator's liveness window; a typo (1e9 seconds) is refused, not slept through. */
    static final Duration MAX_HEARTBEAT_INTERVAL = Duration.ofHours(1);

    private static final Set<Key> PATH_KEYS = EnumSet.of(Key.SCRIPTS_DIR, Key.STATE_DIR, Key.TRUSTSTORE,
            Key.VENDOR_SETTINGS);

    /** {@code value} with a relative path in it resolved against {@code folder}; anything else unchanged. */
    static String relativeToFolder(Key key, String value, Path folder) {
        String v = value.trim();
        if (folder == null || v.isEmpty()) {
            return value;
        }
        try {
            if (PATH_KEYS.contains(key)) {
                Path path = Path.of(v);
                return path.isAbsolute() || v.startsWith("\\") || v.startsWith("/") ? value : folder.resolve(path).normalize().toString();
            }
            if (key == Key.PYTHON) {
                List<String> command = CommandLines.split(v);
                List<String> resolved = CommandLines.withProgramResolved(command, folder);
                return resolved == command ? value : CommandLines.join(resolved);
            }
        } catch (InvalidPathException e) {
            // Left as written: the check of the value itself reports it.
        }
        return value;
    }

    /** An explicitly named settings file must exist; the default one is optional. */
    private Path vendorSettingsFile(List<Source> sources) throws ConfigurationException {
        String named = new Resolved(sources).raw(Key.VENDOR_SETTINGS);
        if (named != null) {
            Path p = Path.of(named);
            if (!Files.isRegularFile(p)) {
                throw new ConfigurationException("vendor-settings: no such file " + p);
            }
            return p;
        }
        Path p = platform.defaultVendorSettings();
        return Files.isRegularFile(p) ? p : null;
    }

    private LauncherConfig build(Resolved r, Path vendorFile, boolean checkMachine) throws ConfigurationException {
        List<String> problems = r.problems;

        URI orchestrator = null;
        String url = r.raw(Key.ORCHESTRATOR);
        if (url == null) {
            problems.add("orchestrator: required (--orchestrator URL or ROBOT_ORCHESTRATOR_URL), e.g. https://orch.example:443");
        } else {
            orchestrator = parseUrl(url, problems);
        }
        String guid = r.raw(Key.ROBOT_GUID);
        if (guid == null) {
            problems.add("robot-guid: required (--robot-guid GUID or ROBOT_GUID)");
        }

        Path scriptsDir = r.path(Key.SCRIPTS_DIR, platform.workingDir());
        boolean scriptsDirOk = Files.isDirectory(scriptsDir);
        if (!scriptsDirOk) {
            problems.add("scripts-dir: " + scriptsDir + " is not a folder");
        }
        Path stateDir = r.path(Key.STATE_DIR, platform.defaultStateDir());
        if (checkMachine) {
            StateFolder.problem(stateDir).ifPresent(p -> problems.add("state-dir: " + p));
        }
        List<String> python = r.raw(Key.PYTHON) == null ? List.of() : CommandLines.split(r.raw(Key.PYTHON));
        if (r.raw(Key.PYTHON) != null && python.isEmpty()) {
            problems.add("python: '" + r.raw(Key.PYTHON) + "' holds no command");
        } else if (checkMachine && scriptsDirOk) {
            InterpreterCheck.problem(python, scriptsDir.toAbsolutePath().normalize(), platform.windows(), platform.environment())
                    .ifPresent(p -> problems.add("python: " + p));
        }

        Duration interval = r.positiveDuration(Key.HEARTBEAT_INTERVAL, Duration.ofSeconds(10), Duration.ofNanos(1));
        if (interval.compareTo(MAX_HEARTBEAT_INTERVAL) > 0) {
            // A stop or an abort is heard only on a heartbeat, and the orchestrator takes a silent robot for gone.
            problems.add("heartbeat-interval: '" + r.raw(Key.HEARTBEAT_INTERVAL)
                    + "' is more than an hour: stop and abort would wait that long to be heard");
        }
        Duration grace = r.duration(Key.STOP_GRACE, Duration.ofSeconds(30));
        boolean logoff = r.bool(Key.LOGOFF, platform.windows());
        AuthScheme scheme = AuthScheme.BASIC;
        if (r.raw(Key.AUTH_SCHEME) != null) {
            try {
                scheme = AuthScheme.parse(r.raw(Key.AUTH_SCHEME));
            } catch (IllegalArgumentException e) {
                problems.add("auth-scheme: " + e.getMessage());
            }
        }
        Path truststore = r.path(Key.TRUSTSTORE, null);
        if (truststore != null && !Files.isRegularFile(truststore)) {
            problems.add("truststore: no such file " + truststore);
        }
        boolean insecure = r.bool(Key.INSECURE, false);
        JobUpdateStyle style = r.raw(Key.JOB_UPDATE) == null ? JobUpdateStyle.DEFAULT : parseJobUpdate(r.raw(Key.JOB_UPDATE), problems);
        // Sockets count timeouts in whole milliseconds, and 0 ms means "wait for ever".
        Duration connect = r.positiveDuration(Key.CONNECT_TIMEOUT, Duration.ofSeconds(10), Duration.ofMillis(1));
        Duration read = r.positiveDuration(Key.READ_TIMEOUT, Duration.ofSeconds(30), Duration.ofMillis(1));
        Duration budget = r.duration(Key.RETRY_BUDGET, Duration.ofMinutes(2));
        LauncherConfig.LogFormat logFormat = LauncherConfig.LogFormat.TEXT;
        if (r.raw(Key.LOG_FORMAT) != null) {
            try {
                logFormat = LauncherConfig.LogFormat.valueOf(r.raw(Key.LOG_FORMAT).trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add("log-format: must be text or json, not '" + r.raw(Key.LOG_FORMAT) + "'");
            }
        }
        boolean prestart = r.bool(Key.PRESTART, true);
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new LauncherConfig(orchestrator, guid, scriptsDir.toAbsolutePath().normalize(),
                stateDir.toAbsolutePath().normalize(), python, interval, grace, logoff, scheme, truststore,
                r.raw(Key.TRUSTSTORE_PASSWORD), insecure, r.raw(Key.MACHINE), r.raw(Key.IP), r.raw(Key.MAC), style,
                connect, read, budget, logFormat, prestart, vendorFile, r.origins);
    }

    private static URI parseUrl(String url, List<String> problems) {
        String shown = withoutUserInfo(url);
        try {
            URI u = new URI(url.trim());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
                problems.add("orchestrator: '" + shown + "' must be http(s)://host[:port], scheme included");
                return null;
            }
            if (u.getRawUserInfo() != null) {
                // The client never sends it (the robot's credential is its GUID), and the URL is logged.
                problems.add("orchestrator: '" + shown + "' carries a user name or password, which is never sent"
                        + " and would be logged: take the 'user:password@' part out");
                return null;
            }
            return u;
        } catch (URISyntaxException e) {
            problems.add("orchestrator: '" + shown + "' is not a URL: " + e.getReason());
            return null;
        }
    }

    /**
     * The URL as it may be shown in an error: everything between the scheme and the last {@code @}
     * replaced, found by hand because a URL that fails to parse is shown too, and a password may hold
     * {@code /}, {@code ?} or {@code #} unescaped. An {@code @} later in the path hides the host as well,
     * which in an error message is the lesser harm.
     */
    static String withoutUserInfo(String url) {
        int start = 0;
        int colon = url.indexOf(':');
        if (colon > 0 && url.substring(0, colon).chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
            start = colon + 1;
            while (start < url.length() && url.charAt(start) == '/') {
                start++;
            }
        }
        int at = url.lastIndexOf('@');
        return at < start ? url : url.substring(0, start) + "…@" + url.substring(at + 1);
    }

    private static JobUpdateStyle parseJobUpdate(String text, List<String> problems) {
        String[] parts = text.trim().split("\\s+");
        try {
            JobUpdateStyle.Method method = JobUpdateStyle.Method.valueOf(parts[0].toUpperCase(Locale.ROOT));
            if (parts.length == 1) {
                return method == JobUpdateStyle.Method.PUT ? JobUpdateStyle.DEFAULT : JobUpdateStyle.REFERENCE;
            }
            if (parts.length == 3) {
                return new JobUpdateStyle(method, parts[1], parts[2]);
            }
        } catch (IllegalArgumentException e) {
            // fall through to the message
        }
        problems.add("job-update: '" + text + "' must be PUT or POST, optionally followed by the guid and status field names");
        return JobUpdateStyle.DEFAULT;
    }

    /** The layers, consulted in order; records where each value came from and every problem. */
    private static final class Resolved {
        final List<Source> sources;
        final Map<Key, String> origins = new EnumMap<>(Key.class);
        final List<String> problems = new ArrayList<>();

        Resolved(List<Source> sources) {
            this.sources = sources;
        }

        String raw(Key key) {
            for (Source s : sources) {
                String v = s.values().get(key);
                if (v != null && !v.isBlank()) {
                    origins.put(key, s.name());
                    return v.trim();
                }
            }
            return null;
        }

        Path path(Key key, Path fallback) {
            String v = raw(key);
            try {
                return v == null ? fallback : Path.of(v);
            } catch (InvalidPathException e) {
                problems.add(key.option() + ": '" + v + "' is not a path");
                return fallback;
            }
        }

        Duration duration(Key key, Duration fallback) {
            String v = raw(key);
            if (v == null) {
                return fallback;
            }
            try {
                return Durations.parse(v);
            } catch (IllegalArgumentException e) {
                problems.add(key.option() + ": " + e.getMessage());
                return fallback;
            }
        }

        /** A duration of at least {@code least}: more than zero, and no finer than its user can honour. */
        Duration positiveDuration(Key key, Duration fallback, Duration least) {
            Duration d = duration(key, fallback);
            if (d.compareTo(least) < 0) {
                problems.add(key.option() + ": '" + raw(key) + "' must be "
                        + (least.equals(Duration.ofNanos(1)) ? "more than zero" : "at least " + Durations.format(least)));
                return fallback;
            }
            return d;
        }

        boolean bool(Key key, boolean fallback) {
            String v = raw(key);
            if (v == null) {
                return fallback;
            }
            switch (v.toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes", "on":
                    return true;
                case "false", "0", "no", "off":
                    return false;
                default:
                    problems.add(key.option() + ": '" + v + "' must be true or false");
                    return fallback;
            }
        }
    }
}
