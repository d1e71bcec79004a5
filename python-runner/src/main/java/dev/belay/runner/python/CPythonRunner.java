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
import dev.belay.runner.python.internal.Standby;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * after the agent vanished before the bootstrap kills it (default 30); {@value #STANDBY_IDLE} — seconds an
 * interpreter started ahead by {@link #prepareNext} waits for its job before it is let go of (default 120;
 * 0: never start one ahead).
 *
 * <p>{@link #prepareNext} starts the interpreter with the bootstrap ahead of the next job, grouped like a
 * script: Python's own start-up, most of a short script's run, then happens while the caller heartbeats
 * and takes the job, and the next {@link #start} in the same folder with the same interpreter hands it
 * the job instead of starting one. No script has run in it until then (Python's start-up has: {@code
 * site}, {@code .pth} files, a {@code sitecustomize}), and the script sees the same argument,
 * environment, working directory and {@code sys.path} as when started afresh; the module README lists
 * what differs.
 */
public final class CPythonRunner implements ScriptRunner {

    public static final String ID = "cpython";
    public static final String CACHE_DIR = "cacheDir";
    public static final String ORPHAN_GRACE = "orphanGraceSeconds";
    public static final String STANDBY_IDLE = "standbyIdleSeconds";
    /** How long a start waits for an interpreter still being started ahead before it starts its own. */
    private static final long STANDBY_WAIT_SECONDS = 5;
    /** Set in the environment of every process of a run: how a daemon that left the session is still found. */
    public static final String RUN_MARKER = "BELAY_RUN_ID";

    private static final Logger log = LoggerFactory.getLogger(CPythonRunner.class);

    private final RunnerOptions options;
    private final Clock clock;
    private final boolean windows = Os.isWindows();
    private final BootstrapFiles bootstrap;
    private final ScheduledExecutorService timers;
    private final Duration standbyIdle;

    /** Starts and discards interpreters ahead: slow work that must hold up neither a caller nor a grace timer. */
    private final ExecutorService standbyWork;
    private final Object lock = new Object();
    /** The interpreter being started or waiting ahead of the next job; guarded by {@link #lock}. */
    private Prepared prepared;
    /** Set by prepareNext until cancelPrepared: keep one ready for these; guarded by {@link #lock}. */
    private Prepared.Key keepReady;

    private record Prepared(Key key, CompletableFuture<Standby> standby, ScheduledFuture<?> expiry) {
        record Key(List<String> interpreter, Path workDir) {
            /**
             * Equality by the parts, spelled out: a record's generated {@code equals} is linked through
             * method handles on its first call, several milliseconds of the first job's start in an agent
             * that interprets it (BENCHMARKS.md, fifth session).
             */
            boolean fits(List<String> otherInterpreter, Path otherWorkDir) {
                return interpreter.equals(otherInterpreter) && workDir.equals(otherWorkDir);
            }
        }

        Prepared withExpiry(ScheduledFuture<?> newExpiry) {
            return new Prepared(key, standby, newExpiry);
        }

        /** Its start failed: a new prepareNext tries again instead of keeping a slot that holds nothing. */
        boolean failed() {
            return standby.isDone() && standby.getNow(null) == null;
        }
    }

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
        this.standbyIdle = Duration.ofSeconds(Math.min(seconds(options.properties().get(STANDBY_IDLE), 120), 86_400));
        ThreadPoolExecutor standbyThread = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "belay-runner-standby");
            t.setDaemon(true);
            return t;
        });
        standbyThread.allowCoreThreadTimeOut(true);
        this.standbyWork = standbyThread;
    }

    private static long seconds(String value, long otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return Math.max(0, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("runner property " + STANDBY_IDLE + " must be a whole number of seconds: " + value);
        }
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
            Path workDir = launch.scriptsDir().toRealPath();
            String argument = vendorArgument(launch);
            Map<String, String> jobEnvironment = jobEnvironment(launch);
            // A NUL cannot be on a command line: such a start fails below exactly as it always did.
            boolean fitsAJobLine = argument.indexOf('\0') < 0 && script.script().toString().indexOf('\0') < 0;
            Standby standby = fitsAJobLine ? takePrepared(interpreter.command(), workDir) : null;
            if (standby != null) {
                log.info("started script {} for job {} as pid {} (interpreter started ahead)", script.script(),
                        launch.jobGuid(), standby.process().pid());
                try {
                    return CPythonScript.takeOver(standby, jobLine(script.script(), argument, jobEnvironment),
                            launch.outputLog(), launch.stopFile(), listener, timers, clock, startNanos, this::scriptExited);
                } catch (RuntimeException | Error e) {
                    standby.discard(); // it never got its job: nothing ran
                    throw e;
                }
            }
            Path pythonDir = bootstrap.folder();

            List<String> command = new ArrayList<>(interpreter.command());
            command.add("-u");
            command.add(pythonDir.resolve(BootstrapFiles.BOOTSTRAP).toString());
            command.add(script.script().toString());
            command.add(argument);
            ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
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
                        listener, timers, clock, startNanos, this::scriptExited);
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
        env.putAll(jobEnvironment(launch));
        interpreterEnvironment(env, pythonDir, marker, orphanGrace);
    }

    /**
     * The robot's variables: what differs from one job to the next.
     *
     * @throws IllegalArgumentException naming the variable (never its value: ROBOT_GUID is a credential)
     *                                  when a value holds a NUL, which no environment can carry
     */
    static Map<String, String> jobEnvironment(ScriptLaunch launch) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ROBOT_GUID", launch.robotGuid());
        env.put("ROBOT_ORCHESTRATOR_URL", launch.orchestratorUrl());
        env.put("ROBOT_JOB_GUID", launch.jobGuid());
        env.put("ROBOT_PROCESS_VERSION_GUID", launch.processVersionGuid());
        env.put("ROBOT_TASK_FILE", launch.taskFile().toAbsolutePath().toString());
        env.put("ROBOT_STOP_FILE", launch.stopFile().toAbsolutePath().toString());
        env.forEach((name, value) -> {
            if (value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("the value for the script's " + name + " holds a NUL character");
            }
        });
        return env;
    }

    /** What the interpreter needs from its start on; the same for every job of this runner but the marker. */
    static void interpreterEnvironment(Map<String, String> env, Path pythonDir, String marker, String orphanGrace) {
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

    /**
     * Starts the interpreter for the next job ahead, in the background; see the class comment. One at a
     * time: one already there (or on its way) for this folder is kept and its idle time starts again,
     * one for another folder is let go of. From here until {@link #cancelPrepared()} the runner keeps
     * one ready: when a script it started ends, the next interpreter is started at once, before the
     * ended script's own clean-up and report.
     */
    @Override
    public void prepareNext(Path scriptsDir) {
        Objects.requireNonNull(scriptsDir, "scriptsDir");
        if (standbyIdle.isZero()) {
            return;
        }
        List<String> interpreter;
        Path workDir;
        try {
            Interpreters.Choice choice = Interpreters.choose(options.interpreterCommand(), scriptsDir, windows);
            if (!choice.ok()) {
                return; // the start will say what is wrong with it
            }
            interpreter = choice.command();
            workDir = scriptsDir.toRealPath();
        } catch (IOException | RuntimeException e) {
            return; // the start will say what is wrong with the folder
        }
        Prepared replaced = null;
        synchronized (lock) {
            keepReady = new Prepared.Key(interpreter, workDir);
            if (prepared != null && prepared.key().fits(interpreter, workDir) && !prepared.failed()) {
                prepared.expiry().cancel(false);
                prepared = prepared.withExpiry(expiryOf(prepared.standby()));
                return;
            }
            replaced = prepared;
            CompletableFuture<Standby> standby = new CompletableFuture<>();
            prepared = new Prepared(keepReady, standby, expiryOf(standby));
            standbyWork.execute(() -> {
                Standby started = null;
                try {
                    started = startStandby(interpreter, workDir);
                } finally {
                    standby.complete(started); // whatever happened: nobody may wait on it in vain
                }
            });
        }
        discard(replaced);
    }

    /** Stops keeping an interpreter ready and lets go of the one there, at once (or as soon as it is started). */
    @Override
    public void cancelPrepared() {
        Prepared cancelled;
        synchronized (lock) {
            keepReady = null;
            cancelled = prepared;
            prepared = null;
        }
        discard(cancelled);
    }

    /** A script this runner started has exited: the next interpreter starts now, if one is to be kept ready. */
    private void scriptExited() {
        Prepared.Key key;
        synchronized (lock) {
            key = keepReady;
        }
        if (key != null) {
            prepareNext(key.workDir());
        }
    }

    private ScheduledFuture<?> expiryOf(CompletableFuture<Standby> standby) {
        return timers.schedule(() -> expire(standby), standbyIdle.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** An interpreter started ahead by nobody's start within the idle time is let go of. */
    private void expire(CompletableFuture<Standby> standby) {
        Prepared expired;
        synchronized (lock) {
            expired = prepared;
            if (expired == null || expired.standby() != standby) {
                return; // taken, replaced or cancelled meanwhile
            }
            prepared = null;
        }
        log.debug("interpreter started ahead was not used within {} s; letting it go", standbyIdle.toSeconds());
        discard(expired);
    }

    /** Kills it on the standby thread (it may still be starting): never on the caller's or the timer's. */
    private void discard(Prepared p) {
        if (p != null) {
            p.expiry().cancel(false);
            p.standby().thenAcceptAsync(s -> {
                if (s != null) {
                    s.discard();
                }
            }, standbyWork);
        }
    }

    /** Runs on the standby thread; null if it could not be started (the next start then starts its own). */
    private Standby startStandby(List<String> interpreter, Path workDir) {
        try {
            Path pythonDir = bootstrap.folder();
            List<String> command = new ArrayList<>(interpreter);
            command.add("-u");
            command.add(pythonDir.resolve(BootstrapFiles.BOOTSTRAP).toString());
            command.add("--standby");
            String marker = newRunMarker();
            Standby standby = Standby.start(command, workDir,
                    env -> interpreterEnvironment(env, pythonDir, marker, options.properties().get(ORPHAN_GRACE)),
                    RUN_MARKER + "=" + marker);
            log.debug("interpreter started ahead of the next job: pid {}", standby.process().pid());
            return standby;
        } catch (IOException | RuntimeException e) {
            log.debug("could not start an interpreter ahead ({}); the next script starts its own", e.toString());
            return null;
        }
    }

    /** The interpreter started ahead, if it fits this start and still waits; otherwise null (and it is let go of). */
    private Standby takePrepared(List<String> interpreter, Path workDir) {
        Prepared p;
        synchronized (lock) {
            p = prepared;
            if (p == null || !p.key().fits(interpreter, workDir)) {
                return null; // one for another folder or interpreter stays for a start that fits it
            }
            prepared = null;
        }
        p.expiry().cancel(false);
        Standby standby;
        try {
            standby = p.standby().get(STANDBY_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            discard(p);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            discard(p);
            return null;
        }
        if (standby == null) {
            return null;
        }
        if (!standby.alive()) {
            discard(p);
            return null;
        }
        return standby;
    }

    /** The bootstrap's "job" command: one line of ASCII, whatever the paths and values hold. */
    static String jobLine(Path script, String vendorArgument, Map<String, String> env) {
        StringBuilder line = new StringBuilder("job {\"script\":");
        jsonString(line, script.toString());
        line.append(",\"argument\":");
        jsonString(line, vendorArgument);
        line.append(",\"env\":{");
        boolean first = true;
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (!first) {
                line.append(',');
            }
            first = false;
            jsonString(line, e.getKey());
            line.append(':');
            jsonString(line, e.getValue());
        }
        return line.append("}}").toString();
    }

    private static void jsonString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c) && !pairedAt(s, i)) {
                out.append('?'); // as the JDK encodes an unpaired surrogate into a command line or environment
            } else if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append("\\u"); // surrogate pairs stay pairs: JSON joins them
                for (int shift = 12; shift >= 0; shift -= 4) {
                    out.append(Character.forDigit((c >> shift) & 0xf, 16));
                }
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    /** Whether the surrogate at {@code i} is half of a pair. */
    private static boolean pairedAt(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
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
