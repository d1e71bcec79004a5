package dev.belay.launcher.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The facts about this machine that defaults depend on, injectable so that Windows defaults are
 * testable on Linux.
 *
 * @param windows     whether this is Windows
 * @param environment the process environment
 * @param home        the user's home folder
 * @param workingDir  the current directory
 */
public record Platform(boolean windows, Map<String, String> environment, Path home, Path workingDir) {

    public Platform {
        environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(workingDir, "workingDir");
    }

    public static Platform current() {
        return new Platform(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows"),
                System.getenv(), Path.of(System.getProperty("user.home")), Path.of("").toAbsolutePath());
    }

    public String env(String name) {
        String v = environment.get(name);
        return v == null || v.isBlank() ? null : v;
    }

    /** {@code %LOCALAPPDATA%\Belay} on Windows, {@code $XDG_STATE_HOME/belay} or {@code ~/.local/state/belay} elsewhere. */
    public Path defaultStateDir() {
        if (windows) {
            String local = env("LOCALAPPDATA");
            return local != null ? Path.of(local, "Belay") : home.resolve("AppData").resolve("Local").resolve("Belay");
        }
        String xdg = env("XDG_STATE_HOME");
        return xdg != null ? Path.of(xdg, "belay") : home.resolve(".local").resolve("state").resolve("belay");
    }

    /**
     * Where the vendor's framework keeps its settings: {@code %APPDATA%\Sherpa RPA Python\settings.txt}.
     * Honoured wherever {@code APPDATA} is set, so that the lookup is the same on every system.
     */
    public Path defaultVendorSettings() {
        String appData = env("APPDATA");
        Path base = appData != null ? Path.of(appData) : home.resolve("AppData").resolve("Roaming");
        return base.resolve("Sherpa RPA Python").resolve("settings.txt");
    }
}
