package dev.belay.launcher.config;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.belay.client.AuthScheme;
import dev.belay.client.JobUpdateStyle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final String GUID = "da8bc2f0-8065-4385-b867-405e66b8e151";

    @TempDir
    Path dir;
    Path home;
    Path scripts;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws IOException {
        home = Files.createDirectories(dir.resolve("home"));
        scripts = Files.createDirectories(dir.resolve("scripts"));
        env = new HashMap<>();
    }

    private LauncherConfig load(Map<Key, String> flags, Path config) throws ConfigurationException {
        return new ConfigLoader(new Platform(false, env, home, scripts)).load(flags, config);
    }

    private static Map<Key, String> flags(Object... kv) {
        Map<Key, String> m = new EnumMap<>(Key.class);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((Key) kv[i], (String) kv[i + 1]);
        }
        return m;
    }

    @Test
    void defaultsApplyWhenOnlyTheRequiredSettingsAreGiven() throws Exception {
        LauncherConfig c = load(flags(Key.ORCHESTRATOR, "https://orch.example:443", Key.ROBOT_GUID, GUID), null);

        assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.stopGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.logoff()).as("logoff is off outside Windows").isFalse();
        assertThat(c.authScheme()).isEqualTo(AuthScheme.BASIC);
        assertThat(c.scriptsDir()).isEqualTo(scripts);
        assertThat(c.stateDir()).isEqualTo(home.resolve(".local/state/belay"));
        assertThat(c.python()).isEmpty();
        assertThat(c.insecure()).isFalse();
        assertThat(c.jobUpdateStyle()).isEqualTo(JobUpdateStyle.DEFAULT);
        assertThat(c.prestart()).as("interpreters are started ahead unless turned off").isTrue();
    }

    @Test
    void prestartIsTurnedOffByTheEnvironmentOrTheConfigFileAndAnythingElseIsAProblem() throws Exception {
        Map<Key, String> required = flags(Key.ORCHESTRATOR, "https://orch.example:443", Key.ROBOT_GUID, GUID);
        env.put("ROBOT_PRESTART", "false");
        assertThat(load(required, null).prestart()).isFalse();
        assertThat(load(required, null).origins()).containsEntry(Key.PRESTART, "env");
        env.remove("ROBOT_PRESTART");
        Path props = dir.resolve("belay.properties");
        Files.writeString(props, "prestart=off\n");
        assertThat(load(required, props).prestart()).isFalse();
        Files.writeString(props, "prestart=maybe\n");
        assertThatThrownBy(() -> load(required, props)).isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(((ConfigurationException) e).problems()).anySatisfy(p -> assertThat(p).startsWith("prestart:")));
    }

    @Test
    void flagBeatsEnvironmentBeatsConfigFileBeatsSettingsTxt() throws Exception {
        Path appData = Files.createDirectories(dir.resolve("appdata/Sherpa RPA Python"));
        Files.writeString(appData.resolve("settings.txt"), GUID + "\nhttp://from-settings:1\n0\n");
        env.put("APPDATA", dir.resolve("appdata").toString());
        Path props = dir.resolve("belay.properties");
        Files.writeString(props, "orchestrator=http://from-config:2\nheartbeat-interval=7s\nstop-grace=3s\npython=py -3\n");
        env.put("ROBOT_HEARTBEAT_INTERVAL", "5s");
        env.put("ROBOT_STOP_GRACE", "4s");

        LauncherConfig c = load(flags(Key.STOP_GRACE, "1s"), props);

        assertThat(c.robotGuid()).isEqualTo(GUID);
        assertThat(c.origins()).containsEntry(Key.ROBOT_GUID, "settings.txt");
        assertThat(c.orchestrator()).hasToString("http://from-config:2");
        assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.origins()).containsEntry(Key.HEARTBEAT_INTERVAL, "env");
        assertThat(c.stopGrace()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.origins()).containsEntry(Key.STOP_GRACE, "flag");
        assertThat(c.python()).containsExactly("py", "-3");
        assertThat(c.logoff()).as("settings.txt line 3 = 0 means no logoff").isFalse();
        assertThat(c.vendorSettingsFile()).contains(appData.resolve("settings.txt"));
    }

    @Test
    void vendorSettingsTxtAloneIsAWholeConfiguration() throws Exception {
        Path appData = Files.createDirectories(dir.resolve("appdata/Sherpa RPA Python"));
        // Notepad's BOM and CRLF, as a Windows machine set up for the vendor's framework has it.
        Files.write(appData.resolve("settings.txt"), ("\uFEFF" + GUID + "\r\nhttps://orch.example:4500\r\n").getBytes(StandardCharsets.UTF_8));
        env.put("APPDATA", dir.resolve("appdata").toString());

        LauncherConfig c = new ConfigLoader(new Platform(true, env, home, scripts)).load(Map.of(), null);

        assertThat(c.robotGuid()).isEqualTo(GUID);
        assertThat(c.orchestrator()).hasToString("https://orch.example:4500");
        assertThat(c.logoff()).as("a missing logoff line means logoff on Windows").isTrue();
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> load(flags(Key.HEARTBEAT_INTERVAL, "soon", Key.AUTH_SCHEME, "Digest",
                Key.SCRIPTS_DIR, dir.resolve("missing").toString(), Key.LOG_FORMAT, "xml"), null))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).startsWith("orchestrator: required"))
                        .anySatisfy(p -> assertThat(p).startsWith("robot-guid: required"))
                        .anySatisfy(p -> assertThat(p).startsWith("heartbeat-interval: 'soon' is not a duration"))
                        .anySatisfy(p -> assertThat(p).contains("auth scheme must be Basic or Bearer"))
                        .anySatisfy(p -> assertThat(p).contains("is not a folder"))
                        .anySatisfy(p -> assertThat(p).startsWith("log-format:")));
    }

    @Test
    void timeoutsAndTheIntervalAreRefusedByOptionNameWithTheValue() {
        env.put("ROBOT_READ_TIMEOUT", "0");
        env.put("ROBOT_CONNECT_TIMEOUT", "0.0005");
        assertThatThrownBy(() -> load(flags(Key.ORCHESTRATOR, "http://o:1", Key.ROBOT_GUID, GUID, Key.HEARTBEAT_INTERVAL, "PT-10S"), null))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "heartbeat-interval: 'PT-10S' is negative (use e.g. 10s, 500ms, 2m, PT10S or a number of seconds)",
                        "read-timeout: '0' must be at least 1ms",
                        "connect-timeout: '0.0005' must be at least 1ms"));
        env.clear();
        assertThatThrownBy(() -> load(flags(Key.ORCHESTRATOR, "http://o:1", Key.ROBOT_GUID, GUID, Key.HEARTBEAT_INTERVAL, "0"), null))
                .hasMessage("heartbeat-interval: '0' must be more than zero");
    }

    @Test
    void loadAndCheckFindsTheInterpreterAsTheRunnerWouldAndReportsEveryProblemAtOnce() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path python3 = Files.writeString(bin.resolve("python3"), "#!/bin/sh\n");
        python3.toFile().setExecutable(true);
        env.put("PATH", bin.toString());
        Map<Key, String> required = flags(Key.ORCHESTRATOR, "http://o:1", Key.ROBOT_GUID, GUID);
        ConfigLoader loader = new ConfigLoader(new Platform(false, env, home, scripts));

        assertThat(loader.loadAndCheck(required, null).python()).as("the default python3, found on PATH").isEmpty();
        Path missing = dir.resolve("nonexistent/python");
        Path stateFile = Files.writeString(dir.resolve("state-file"), "");
        Map<Key, String> bad = new EnumMap<>(required);
        bad.put(Key.PYTHON, missing + " -X utf8");
        bad.put(Key.STATE_DIR, stateFile.toString());
        bad.put(Key.READ_TIMEOUT, "0");
        assertThatThrownBy(() -> loader.loadAndCheck(bad, null))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "python: " + missing + " does not exist",
                        "state-dir: " + stateFile + " is a file, not a folder",
                        "read-timeout: '0' must be at least 1ms"));
        assertThat(loader.load(bad.entrySet().stream().filter(x -> x.getKey() != Key.READ_TIMEOUT)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), null).python())
                .as("load alone checks nothing of the machine").containsExactly(missing.toString(), "-X", "utf8");

        python3.toFile().setExecutable(false);
        assertThatThrownBy(() -> loader.loadAndCheck(required, null))
                .hasMessage("python: no interpreter is configured, " + scripts + " has no .venv, and the default 'python3' was not found on PATH");
        assertThatThrownBy(() -> loader.loadAndCheck(flags(Key.ORCHESTRATOR, "http://o:1", Key.ROBOT_GUID, GUID, Key.PYTHON, "python9"), null))
                .hasMessage("python: 'python9' was not found on PATH");
    }

    @Test
    void loadAndCheckRefusesAStateDirThatCannotBeCreatedWithoutCreatingIt() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.writeString(bin.resolve("python3"), "#!/bin/sh\n").toFile().setExecutable(true);
        env.put("PATH", bin.toString());
        ConfigLoader loader = new ConfigLoader(new Platform(false, env, home, scripts));
        Path file = Files.writeString(dir.resolve("a-file"), "");
        Path state = dir.resolve("fresh/state");

        assertThatThrownBy(() -> loader.loadAndCheck(flags(Key.ORCHESTRATOR, "http://o:1", Key.ROBOT_GUID, GUID,
                Key.STATE_DIR, file.resolve("state").toString()), null))
                .hasMessage("state-dir: " + file.resolve("state") + " cannot be created: " + file + " is a file");
        Files.createDirectories(dir.resolve("with-logs-file"));
        Files.writeString(dir.resolve("with-logs-file/logs"), "");
        assertThatThrownBy(() -> loader.loadAndCheck(flags(Key.ORCHESTRATOR, "http://o:1", Key.ROBOT_GUID, GUID,
                Key.STATE_DIR, dir.resolve("with-logs-file").toString()), null))
                .hasMessage("state-dir: " + dir.resolve("with-logs-file/logs") + " is a file, not a folder");
        assertThat(loader.loadAndCheck(flags(Key.ORCHESTRATOR, "http://o:1", Key.ROBOT_GUID, GUID,
                Key.STATE_DIR, state.toString()), null).stateDir()).isEqualTo(state);
        assertThat(dir.resolve("fresh")).as("checking creates nothing").doesNotExist();
    }

    @Test
    void anOrchestratorUrlWithoutSchemeIsRefused() {
        assertThatThrownBy(() -> load(flags(Key.ORCHESTRATOR, "orch.example:4500", Key.ROBOT_GUID, GUID), null))
                .hasMessageContaining("must be http(s)://host[:port], scheme included");
    }

    /** The client would never send it, and the configuration is logged: refused, and never shown. */
    @Test
    void anOrchestratorUrlWithAPasswordIsRefusedWithoutShowingThePassword() {
        for (String url : new String[] {"http://admin:S3cretPw@127.0.0.1:4500/", "https://admin:S3cretPw@orch.example",
                "http://admin:S3cretPw@orch example/", // not even a URL
                "https://admin:S3cret/Pw@orch.example", "https:/admin:S3cretPw@orch.example"}) { // no host to the JDK
            assertThatThrownBy(() -> load(flags(Key.ORCHESTRATOR, url, Key.ROBOT_GUID, GUID), null))
                    .as(url)
                    .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
                            .singleElement(as(InstanceOfAssertFactories.STRING))
                            .startsWith("orchestrator: '")
                            .contains("…@")
                            .doesNotContain("S3cretPw").doesNotContain("admin"));
        }
        assertThat(ConfigLoader.withoutUserInfo("https://orch.example/a")).isEqualTo("https://orch.example/a");
        assertThat(ConfigLoader.withoutUserInfo("u:p@host")).isEqualTo("u:…@host"); // no scheme: "u" is taken for one
        // A password with an unescaped / ? or #, or one slash after the scheme: hidden all the same.
        for (String url : new String[] {"https://user:pa/ss@host", "https://u:p#w@host:8443", "https://u:p?w@host",
                "https:/user:s3cret@host", "http://a:b@h:1/p@q"}) {
            assertThat(ConfigLoader.withoutUserInfo(url)).as(url).contains("…@").doesNotContain("pa/ss").doesNotContain("p#w")
                    .doesNotContain("p?w").doesNotContain("s3cret").doesNotContain("a:b");
        }
    }

    @Test
    void unknownKeysInTheConfigFileAreErrors() throws Exception {
        Path props = dir.resolve("belay.properties");
        Files.writeString(props, "orchestrator=http://o:1\nrobot-guid=" + GUID + "\nheartbeat=5s\n");

        assertThatThrownBy(() -> load(Map.of(), props)).hasMessageContaining("unknown setting 'heartbeat'");
    }

    @Test
    void aHeartbeatIntervalOfMoreThanAnHourIsRefused() throws Exception {
        assertThatThrownBy(() -> load(flags(Key.ORCHESTRATOR, "http://o:1", Key.ROBOT_GUID, GUID, Key.HEARTBEAT_INTERVAL, "1e9"), null))
                .hasMessageContaining("heartbeat-interval: '1e9' is more than an hour");
        assertThat(load(flags(Key.ORCHESTRATOR, "http://o:1", Key.ROBOT_GUID, GUID, Key.HEARTBEAT_INTERVAL, "1h"), null)
                .heartbeatInterval()).isEqualTo(Duration.ofHours(1));
    }

    /** An unknown key is reported with the file's other problems, not alone; a missing file says so. */
    @Test
    void anUnknownKeyDoesNotHideTheOtherProblems() throws Exception {
        Path props = dir.resolve("belay.properties");
        Files.writeString(props, "orchestrator=http://o:1\nrobot-guid=" + GUID + "\nheartbeat=5s\nstop-grace=forever\n");

        assertThatThrownBy(() -> load(Map.of(), props))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).endsWith("unknown setting 'heartbeat'"))
                        .anySatisfy(p -> assertThat(p).startsWith("stop-grace: 'forever'")));
        assertThatThrownBy(() -> load(Map.of(), dir.resolve("nope.properties")))
                .hasMessageContaining("the configuration file " + dir.resolve("nope.properties") + " does not exist");
    }

    /**
     * Relative paths in a --config file are relative to the file's folder, not to the folder the agent
     * was started in (a scheduled task starts in the Windows system folder unless told otherwise).
     */
    @Test
    void relativePathsInTheConfigFileAreRelativeToItsFolder() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("robot"));
        Files.createDirectories(folder.resolve("scripts"));
        Path props = folder.resolve("belay.properties");
        Files.writeString(props, "orchestrator=http://o:1\nrobot-guid=" + GUID + "\nscripts-dir=scripts\nstate-dir=state\n"
                + "python=.venv/bin/python -X utf8\n");

        LauncherConfig c = load(Map.of(), props);

        assertThat(c.scriptsDir()).isEqualTo(folder.resolve("scripts"));
        assertThat(c.stateDir()).isEqualTo(folder.resolve("state"));
        assertThat(c.python()).containsExactly(folder.resolve(".venv/bin/python").toString(), "-X", "utf8");
        // The same keys as flags keep the working folder's meaning; bare commands and absolute paths stay.
        assertThat(load(flags(Key.ORCHESTRATOR, "http://o:1", Key.ROBOT_GUID, GUID, Key.STATE_DIR, "state"), null).stateDir())
                .isEqualTo(Path.of("state").toAbsolutePath().normalize());
        assertThat(ConfigLoader.relativeToFolder(Key.PYTHON, "python3 -u", folder)).isEqualTo("python3 -u");
        assertThat(ConfigLoader.relativeToFolder(Key.STATE_DIR, "/var/belay", folder)).isEqualTo("/var/belay");
        assertThat(ConfigLoader.relativeToFolder(Key.PYTHON, "\"my env/bin/python\"", folder))
                .isEqualTo("\"" + folder.resolve("my env/bin/python") + "\"");
    }

    @Test
    void configFileAcceptsEnvironmentStyleNames() throws Exception {
        Path props = dir.resolve("belay.properties");
        Files.writeString(props, "ROBOT_ORCHESTRATOR_URL=http://o:1\nrobot.guid=" + GUID + "\n");

        assertThat(load(Map.of(), props).orchestrator()).hasToString("http://o:1");
    }

    @Test
    void jobUpdateStyleAndBooleansParse() throws Exception {
        LauncherConfig c = load(flags(Key.ORCHESTRATOR, "http://o:1", Key.ROBOT_GUID, GUID,
                Key.JOB_UPDATE, "post Guid Status", Key.INSECURE, "yes", Key.LOGOFF, "on", Key.AUTH_SCHEME, "bearer"), null);

        assertThat(c.jobUpdateStyle()).isEqualTo(new JobUpdateStyle(JobUpdateStyle.Method.POST, "Guid", "Status"));
        assertThat(c.insecure()).isTrue();
        assertThat(c.logoff()).isTrue();
        assertThat(c.authScheme()).isEqualTo(AuthScheme.BEARER);
    }

    @Test
    void describeMasksTheGuidAndNamesEachOrigin() throws Exception {
        env.put("ROBOT_GUID", GUID);
        List<String> lines = load(flags(Key.ORCHESTRATOR, "http://o:1"), null).describe();

        assertThat(String.join("\n", lines)).doesNotContain(GUID)
                .contains("robot-guid = da8b…e151 (env)")
                .contains("orchestrator = http://o:1 (flag)")
                .contains("heartbeat-interval = 10s (default)");
    }

    @Test
    void windowsStateDirIsUnderLocalAppData() {
        env.put("LOCALAPPDATA", "C:\\Users\\robot\\AppData\\Local");
        assertThat(new Platform(true, env, home, scripts).defaultStateDir().toString()).endsWith("Belay");
    }
}
