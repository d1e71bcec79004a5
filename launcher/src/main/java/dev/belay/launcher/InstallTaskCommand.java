package dev.belay.launcher;

import dev.belay.launcher.config.CommandLines;
import dev.belay.launcher.config.ConfigLoader;
import dev.belay.launcher.config.ConfigurationException;
import dev.belay.launcher.config.LauncherConfig;
import dev.belay.launcher.config.Platform;
import dev.belay.launcher.internal.TaskSchedulerXml;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "install-task", mixinStandardHelpOptions = true,
        description = {"Register a Windows scheduled task that starts 'run' at log on and on remote connection.",
                "The configuration goes to <state-dir>/belay.properties, keeping the GUID off the task's command line.",
                "Elsewhere: prints the task XML and registers nothing."})
final class InstallTaskCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--user", paramLabel = "USER", description = "The account whose sessions run the robot. Default: the current user.")
    String user;

    @Option(names = "--task-name", paramLabel = "NAME", description = "Default: ${DEFAULT-VALUE}.", defaultValue = "Belay Robot")
    String taskName;

    @Override
    public Integer call() throws Exception {
        Platform platform = Platform.current();
        LauncherConfig config;
        try {
            config = new ConfigLoader(platform).load(options.flags(), options.config);
        } catch (ConfigurationException e) {
            e.problems().forEach(p -> System.err.println("belay: " + p));
            return ExitCodes.CONFIGURATION;
        }
        Path configFile = config.stateDir().resolve("belay.properties");
        TaskSchedulerXml.Definition definition = definition(platform, config, configFile);
        String xml = TaskSchedulerXml.render(definition);
        if (!platform.windows()) {
            System.out.println(xml);
            System.out.println("belay: scheduled tasks are registered on Windows only; the XML above is what would be registered.");
            return ExitCodes.OK;
        }
        Files.createDirectories(config.stateDir());
        writeConfig(config, configFile);
        Path xmlFile = config.stateDir().resolve("belay-task.xml");
        // Task Scheduler expects the encoding the XML declares.
        Files.writeString(xmlFile, xml, StandardCharsets.UTF_16);
        int exit = WindowsCommands.run(List.of("schtasks", "/Create", "/TN", taskName, "/XML", xmlFile.toString(), "/F"));
        if (exit != 0) {
            System.err.println("belay: schtasks /Create failed with exit code " + exit);
            return ExitCodes.CONFIGURATION;
        }
        System.out.println("belay: registered the scheduled task '" + taskName + "' for " + definition.user());
        return ExitCodes.OK;
    }

    TaskSchedulerXml.Definition definition(Platform platform, LauncherConfig config, Path configFile) {
        String account = user != null ? user : defaultUser(platform);
        Path java = Path.of(System.getProperty("java.home"), "bin", platform.windows() ? "javaw.exe" : "java");
        List<String> args = new ArrayList<>(JvmFlags.RECOMMENDED);
        Path jar = launcherJar();
        // The class data sharing archive that bin/belay(.cmd) made next to the jar: the task maps it
        // read-only like every other agent of the machine (-Xshare:auto ignores it if it does not fit).
        String jarName = jar.getFileName() == null ? "" : jar.getFileName().toString();
        if (jarName.endsWith(".jar")) {
            Path archive = jar.resolveSibling(jarName.substring(0, jarName.length() - 4) + ".jsa");
            if (Files.isRegularFile(archive) && whole(archive)) {
                args.add("-XX:SharedArchiveFile=" + archive);
                args.add("-Xlog:cds=off");
            }
        }
        args.add("-jar");
        args.add(jar.toString());
        args.add("run");
        args.add("--config");
        args.add(configFile.toString());
        return new TaskSchedulerXml.Definition(taskName, account, java.toString(), args, config.scriptsDir());
    }

    /**
     * Whether the archive has the length that bin/belay(.cmd) recorded when they made it: JDK 17 crashes
     * at every start on an archive cut short (an interrupted copy of the folder), and the task would
     * too. An archive from before that record is taken as it is.
     */
    static boolean whole(Path archive) {
        Path record = archive.resolveSibling(archive.getFileName() + ".size");
        try {
            if (!Files.exists(record)) {
                return true;
            }
            return Long.parseLong(Files.readString(record).strip()) == Files.size(archive);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    private static String defaultUser(Platform platform) {
        String domain = platform.env("USERDOMAIN");
        String name = platform.env("USERNAME");
        if (name == null) {
            name = System.getProperty("user.name");
        }
        return domain == null ? name : domain + "\\" + name;
    }

    static Path launcherJar() {
        try {
            return Path.of(Belay.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        } catch (Exception e) {
            return Path.of("belay-launcher.jar").toAbsolutePath();
        }
    }

    static void writeConfig(LauncherConfig c, Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("orchestrator", c.orchestrator().toString());
        p.setProperty("robot-guid", c.robotGuid());
        // Absolute paths: the file is read from the state folder, where a relative one would now point
        // (ConfigLoader), while the user typed it relative to the folder install-task ran in.
        p.setProperty("scripts-dir", c.scriptsDir().toAbsolutePath().normalize().toString());
        p.setProperty("state-dir", c.stateDir().toAbsolutePath().normalize().toString());
        if (!c.python().isEmpty()) {
            p.setProperty("python", CommandLines.join(absoluteProgram(c.python())));
        }
        p.setProperty("heartbeat-interval", c.heartbeatInterval().toString());
        p.setProperty("stop-grace", c.stopGrace().toString());
        p.setProperty("logoff", Boolean.toString(c.logoff()));
        p.setProperty("auth-scheme", c.authScheme().headerWord());
        if (c.truststore() != null) {
            p.setProperty("truststore", c.truststore().toAbsolutePath().normalize().toString());
        }
        p.setProperty("insecure", Boolean.toString(c.insecure()));
        p.setProperty("prestart", Boolean.toString(c.prestart()));
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "Written by belay install-task; read by the scheduled task's 'run --config'.");
        }
    }

    /** The command with its program made absolute when it names a folder ({@code .venv\Scripts\python.exe}); a bare name stays. */
    static List<String> absoluteProgram(List<String> command) {
        return CommandLines.withProgramResolved(command, Path.of("").toAbsolutePath());
    }
}
