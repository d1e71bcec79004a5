package dev.belay.runner.python;

import dev.belay.runner.OutputListener;
import dev.belay.runner.ProcessStamp;
import dev.belay.runner.RunnerOptions;
import dev.belay.runner.RunningScript;
import dev.belay.runner.ScriptLaunch;
import dev.belay.runner.ScriptRunner;
import dev.belay.runner.python.internal.BootstrapFiles;
import dev.belay.runner.python.internal.CPythonScript;
import dev.belay.runner.python.internal.Interpreters;
import dev.belay.runner.python.internal.Os;
import dev.belay.runner.python.internal.Reclaimer;
import dev.belay.runner.python.internal.ScriptNames;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs robot scripts with CPython, through a small bootstrap that puts the script in a session of its
 * own (POSIX) or a Job Object (Windows) and turns a stop request into the signal the script expects.
 * See the module README for what a script sees and what is guaranteed.
 *
 * <p>Properties ({@link RunnerOptions#properties()}): {@value #CACHE_DIR} — where the bootstrap is
 * extracted (default {@code %LOCALAPPDATA%\Belay\runner} on Windows, {@code $XDG_CACHE_HOME/belay/runner}
 * or {@code ~/.cache/belay/runner} elsewhere); {@value #ORPHAN_GRACE} — seconds a script may take to stop
 * after the agent vanished before the bootstrap kills it (default 30).
 */
public final class CPythonRunner implements ScriptRunner {

    public static final String ID = "cpython";
    public static final String CACHE_DIR = "cacheDir";
    public static final String ORPHAN_GRACE = "orphanGraceSeconds";
    /** Set in the environment of every process of a run: how a daemon that left the session is still found. */
    public static final String RUN_MARKER = "BELAY_RUN_ID";

    private static final Logger log = LoggerFactory.getLogger(CPythonRunner.class);

    private final RunnerOptions options;
    private final Clock clock;
    private final boolean windows = Os.isWindows();
    private final BootstrapFiles bootstrap;
    private final ScheduledExecutorService timers;

    public CPythonRunner(RunnerOptions options) {
        this(options, Clock.systemUTC());
    }

    public CPythonRunner(RunnerOptions options, Clock clock) {
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        String cache = options.properties().get(CACHE_DIR);
        this.bootstrap = new BootstrapFiles(cache != null ? Path.of(cache) : defaultCacheDir());
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "belay-runner-timer");
            t.setDaemon(true); // a pending grace timer must never keep the agent alive
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setKeepAliveTime(10, TimeUnit.SECONDS);
        scheduler.allowCoreThreadTimeOut(true);
        this.timers = scheduler;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public RunningScript start(ScriptLaunch launch, OutputListener listener) {
        Objects.requireNonNull(launch, "launch");
        Objects.requireNonNull(listener, "listener");
        long startNanos = System.nanoTime();
        try {
            ScriptNames.Resolution script = ScriptNames.resolve(launch.scriptsDir(), launch.scriptName());
            if (!script.ok()) {
                return failed(launch, script.refusal(), startNanos);
            }
            Interpreters.Choice interpreter = Interpreters.choose(options.interpreterCommand(), launch.scriptsDir(), windows);
            if (!interpreter.ok()) {
                return failed(launch, interpreter.refusal(), startNanos);
            }
            Files.createDirectories(launch.jobDir());
            // A stop file left from an earlier attempt of this job must not stop this run at once.
            Files.deleteIfExists(launch.stopFile());
            Files.write(launch.taskFile(), launch.taskJson().getBytes(StandardCharsets.UTF_8));
            Path pythonDir = bootstrap.folder();

            List<String> command = new ArrayList<>(interpreter.command());
            command.add("-u");
            command.add(pythonDir.resolve(BootstrapFiles.BOOTSTRAP).toString());
            command.add(script.script().toString());
            command.add(vendorArgument(launch));
            ProcessBuilder pb = new ProcessBuilder(command).directory(launch.scriptsDir().toRealPath().toFile());
            String marker = newRunMarker();
            environment(pb.environment(), launch, pythonDir, marker, options.properties().get(ORPHAN_GRACE));

            Process process;
            try {
                process = pb.start();
            } catch (IOException e) {
                return failed(launch, "cannot start the Python interpreter " + interpreter.command() + ": " + e.getMessage(), startNanos);
            }
            log.info("started script {} for job {} as pid {}", script.script(), launch.jobGuid(), process.pid());
            try {
                return CPythonScript.takeOver(process, RUN_MARKER + "=" + marker, launch.outputLog(), launch.stopFile(),
                        listener, timers, clock, startNanos);
            } catch (RuntimeException | Error e) {
                // The bootstrap waits for "go" before running any user code: killing it now leaves nothing run.
                process.destroyForcibly();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            return failed(launch, "cannot prepare the script's run: " + e, startNanos);
        }
    }

    /** {@code processVersionGuid|jobGuid|taskGuid|settingsPath}, as the vendor's framework passes it. */
    static String vendorArgument(ScriptLaunch launch) {
        return launch.processVersionGuid() + "|" + launch.jobGuid() + "|" + launch.taskGuid() + "|"
                + (launch.settingsFile() == null ? "" : launch.settingsFile().toString());
    }

    /** The script's environment: the agent's own, plus the robot's variables; the user's PYTHONPATH is kept, after ours. */
    static void environment(Map<String, String> env, ScriptLaunch launch, Path pythonDir, String marker, String orphanGrace) {
        env.put("ROBOT_GUID", launch.robotGuid());
        env.put("ROBOT_ORCHESTRATOR_URL", launch.orchestratorUrl());
        env.put("ROBOT_JOB_GUID", launch.jobGuid());
        env.put("ROBOT_PROCESS_VERSION_GUID", launch.processVersionGuid());
        env.put("ROBOT_TASK_FILE", launch.taskFile().toAbsolutePath().toString());
        env.put("ROBOT_STOP_FILE", launch.stopFile().toAbsolutePath().toString());
        env.put("PYTHONUNBUFFERED", "1");
        env.put("PYTHONIOENCODING", "utf-8");
        String userPath = env.get("PYTHONPATH");
        env.put("PYTHONPATH", userPath == null || userPath.isEmpty()
                ? pythonDir.toString() : pythonDir + File.pathSeparator + userPath);
        env.put(RUN_MARKER, marker);
        if (orphanGrace != null) {
            env.put("BELAY_ORPHAN_GRACE_SECONDS", orphanGrace);
        }
    }

    private RunningScript failed(ScriptLaunch launch, String reason, long startNanos) {
        log.warn("script for job {} not started: {}", launch.jobGuid(), reason);
        return CPythonScript.failedToStart(reason, Duration.ofNanos(System.nanoTime() - startNanos));
    }

    /**
     * Kills what is left of a lost run. With the stamp's process alive and matching: it, its session and
     * every process carrying its run marker. With the stamp's pid gone: whatever is still in the session
     * it led (Linux keeps a pid from reuse while it names a session). A live process with another start
     * time is someone else's: nothing is touched.
     */
    @Override
    public int reclaim(ProcessStamp stamp) {
        if (windows) {
            return ScriptRunner.super.reclaim(stamp);
        }
        return Reclaimer.reclaim(stamp, RUN_MARKER).orElseGet(() -> ScriptRunner.super.reclaim(stamp));
    }

    private static Path defaultCacheDir() {
        if (Os.isWindows()) {
            String local = System.getenv("LOCALAPPDATA");
            Path base = local != null ? Path.of(local) : Path.of(System.getProperty("user.home"), "AppData", "Local");
            return base.resolve("Belay").resolve("runner");
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("belay").resolve("runner");
    }

    /**
     * A name for this run's processes, unique on the machine: the agent's pid, the time and 64 random
     * bits. Not a secret (a script can read and copy it; that only gets its own processes killed with
     * the run), so no {@code SecureRandom}: its first use, in {@code UUID.randomUUID()}, cost ~20 ms of
     * CPU in every agent's first job (provider lookup, seeding, the digest classes).
     */
    static String newRunMarker() {
        return Long.toHexString(ProcessHandle.current().pid()) + "-" + Long.toHexString(System.currentTimeMillis())
                + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }
}
