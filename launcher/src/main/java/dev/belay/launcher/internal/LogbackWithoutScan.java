package dev.belay.launcher.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import ch.qos.logback.core.util.StatusPrinter;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Logback for the agent's own process, started the way {@link QuietStartConfigurator} starts it but
 * without Logback's auto-configuration around it: that checks the versions of Logback's jars against
 * each other, looks its configurators up and reads their annotations, and times them — ~40 ms of every
 * agent's start for a configuration the run command then replaces (BENCHMARKS.md, start). The
 * launcher's {@code main} names this class in SLF4J's {@code slf4j.provider} property; elsewhere (tests, a
 * JVM that embeds the launcher) SLF4J finds Logback's own provider as usual.
 */
public final class LogbackWithoutScan implements SLF4JServiceProvider {

    private final LoggerContext context = new LoggerContext();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final LogbackMDCAdapter mdc = new LogbackMDCAdapter();

    @Override
    public void initialize() {
        context.setName("default");
        context.setMDCAdapter(mdc);
        Logging.consoleOnly(context, Level.INFO);
        printInCaseOfErrorsOrWarnings(context);
        context.start();
    }

    /**
     * What {@link StatusPrinter#printInCaseOfErrorsOrWarnings} does, without loading the printer at every
     * start: its class sets up a time formatter in the JVM's zone, which reads the JDK's time zone file
     * through {@code java.time} a second time (BENCHMARKS.md, start).
     */
    static void printInCaseOfErrorsOrWarnings(Context context) {
        if (new StatusUtil(context).getHighestLevel(0) >= Status.WARN) {
            StatusPrinter.print(context);
        }
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return context;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }
}
