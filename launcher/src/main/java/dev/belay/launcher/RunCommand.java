package dev.belay.launcher;

import ch.qos.logback.classic.Level;
import dev.belay.core.Robot;
import dev.belay.core.RobotListener;
import dev.belay.core.RunSummary;
import dev.belay.launcher.config.ConfigLoader;
import dev.belay.launcher.config.ConfigurationException;
import dev.belay.launcher.config.LauncherConfig;
import dev.belay.launcher.config.Platform;
import dev.belay.launcher.internal.Logging;
import dev.belay.launcher.resilience.ResilienceMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true, description = "Heartbeat, take jobs and run their scripts until no job is left.")
final class RunCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = {"-v", "--verbose"}, description = "Log heartbeats, retries and state changes too.")
    boolean verbose;

    @Override
    public Integer call() {
        Platform platform = Platform.current();
        LauncherConfig config;
        try {
            config = new ConfigLoader(platform).loadAndCheck(options.flags(), options.config);
            Files.createDirectories(config.stateDir().resolve("logs"));
        } catch (ConfigurationException e) {
            e.problems().forEach(p -> System.err.println("belay: " + p));
            return ExitCodes.CONFIGURATION;
        } catch (IOException e) {
            System.err.println("belay: cannot create the state folder: " + e.getMessage());
            return ExitCodes.CONFIGURATION;
        }
        Logging.configure(config.stateDir().resolve("logs"), config.logFormat() == LauncherConfig.LogFormat.JSON,
                verbose ? Level.DEBUG : Level.INFO, config.robotGuid());
        Logger log = LoggerFactory.getLogger("dev.belay.launcher");
        log.info("belay {} starting; effective configuration:", Belay.version());
        config.describe().forEach(line -> log.info("  {}", line));
        if (config.insecure()) {
            log.warn("TLS certificate checks are OFF (--insecure): anyone on the network path can impersonate the orchestrator");
        }

        Robot robot;
        ResilienceMetrics metrics = new ResilienceMetrics();
        try {
            robot = Agent.wire(config, platform, RobotListener.NONE, null, metrics);
        } catch (IllegalArgumentException | IllegalStateException e) {
            log.error("cannot start: {}", e.getMessage());
            return ExitCodes.CONFIGURATION;
        }
        RunSummary summary = runWithShutdownHook(robot, config, log);
        // What the network was like, for whoever reads the log after a slow or failed run.
        log.info("orchestrator calls this run: {}", metrics.summary());
        log.info("{} job(s) this run; ended: {} (exit code {})", summary.jobs().size(), summary.endReason(), summary.exitCode());
        return summary.exitCode();
    }

    /**
     * Ctrl+C, SIGTERM, console close and logoff all start the JVM's shutdown: the hook asks the robot to
     * wind down (stop the script within the grace, report its status, flush the outbox) and waits for
     * it, then ends the process with 130. {@code System.exit} cannot be called while the JVM is already
     * shutting down, hence {@code halt} from inside the hook.
     */
    private static RunSummary runWithShutdownHook(Robot robot, LauncherConfig config, Logger log) {
        CountDownLatch finished = new CountDownLatch(1);
        AtomicInteger exitCode = new AtomicInteger(ExitCodes.INTERRUPTED);
        Thread hook = new Thread(() -> {
            log.info("shutdown requested: stopping the running script (if any) and reporting its status");
            robot.requestShutdown();
            try {
                finished.await(config.stopGrace().toMillis() + 30_000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
        }, "belay-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            RunSummary summary = robot.run();
            exitCode.set(summary.exitCode());
            return summary;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: it ends the process with 130 once it sees 'finished'.
            }
        }
    }
}
