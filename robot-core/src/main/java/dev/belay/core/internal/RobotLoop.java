package dev.belay.core.internal;

import dev.belay.client.ConsumeReply;
import dev.belay.client.Endpoint;
import dev.belay.client.HasNewJob;
import dev.belay.client.Heartbeat;
import dev.belay.client.HeartbeatReply;
import dev.belay.client.JobAssignment;
import dev.belay.client.JobStatus;
import dev.belay.client.OrchestratorException;
import dev.belay.client.RobotStatus;
import dev.belay.core.EndReason;
import dev.belay.core.JobSummary;
import dev.belay.core.RobotEvent;
import dev.belay.core.RobotIdentity;
import dev.belay.core.RobotState;
import dev.belay.core.RobotState.Mode;
import dev.belay.core.RunSummary;
import dev.belay.core.SessionControl;
import dev.belay.core.Ticker;
import dev.belay.runner.OutputListener;
import dev.belay.runner.ProcessStamp;
import dev.belay.runner.RunningScript;
import dev.belay.runner.ScriptLaunch;
import dev.belay.runner.ScriptResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The protocol loop as a state machine. {@link #step} is the transition function: it is the only
 * code that decides the next {@link RobotState}; {@link #run} only drives it and publishes each change.
 * Everything happens on the thread that calls {@link #run}; other threads only ever set the shutdown
 * flag or complete a script, and wake the {@link Ticker}.
 *
 * <p>Decisions on points the protocol leaves open (also in the README):
 * <ul>
 *   <li>An unknown {@code HasNewJob} on a Ready heartbeat ends the run as
 *       {@link EndReason#ORCHESTRATOR_UNREACHABLE}: the agent cannot tell whether work is waiting, and
 *       "no job" would log the session off on the strength of a value it does not understand.</li>
 *   <li>An unknown consume error code (or code 0 without a job) is logged and the robot heartbeats again.</li>
 *   <li>A failed consume (after the client's retries, which never repeat a consume that may have reached
 *       the server) is logged - with a warning that a job may have been assigned unseen - and the robot
 *       heartbeats again; three failed consumes in a row end the run as
 *       {@link EndReason#ORCHESTRATOR_UNREACHABLE}. A failed Ready heartbeat ends it at once.</li>
 *   <li>A failed update to In progress is logged and the job runs anyway: the final status matters
 *       more, and the orchestrator learns the job was taken from the Working heartbeats.</li>
 *   <li>A shutdown that arrives after a job was consumed but before its script started reports the job
 *       {@link JobStatus#STOPPED} without running it.</li>
 *   <li>A job/update refused with a 4xx other than 401, 403, 408 and 429 is a permanent refusal (the
 *       orchestrator does not know the job): the status is moved to {@code outbox/rejected/} and the run
 *       goes on, instead of blocking every later run on it.</li>
 * </ul>
 */
public final class RobotLoop {

    // Logging: every RobotEvent is logged by whoever listens (the launcher's LoggingListener); this class
    // logs at INFO and above only what no event carries - why a decision was taken - and mirrors the
    // events at DEBUG, so a launcher log shows each thing once.

    private static final Logger log = LoggerFactory.getLogger(RobotLoop.class);
    private static final Logger scriptLog = LoggerFactory.getLogger("dev.belay.script");

    private final RobotSettings s;
    private final Ticker ticker;
    /** Opened by {@link #run} once the state folder's lock is held: opening them cleans their folders. */
    private ResultOutbox outbox;
    private JobJournal journal;
    private final JobDirs jobDirs;
    /**
     * When this robot last heartbeated, across agent runs: an agent restarted right after the previous
     * one ended (exit 4, then a new logon) must not heartbeat sooner than the interval either.
     * Best effort: not fsynced, unreadable means "long ago".
     */
    private final HeartbeatTimeFile lastHeartbeatFile;
    /** Job folders kept for a person to look at; older ones are deleted after each job. */
    private static final int JOB_DIRS_KEPT = 20;
    private final AtomicBoolean shutdown = new AtomicBoolean();

    private final Map<String, JobSummary> jobs = new LinkedHashMap<>();
    private final Set<String> decidedThisRun = new HashSet<>();
    private Instant lastHeartbeatAt;
    /** Consecutive failed consumes; the run ends at {@link #MAX_CONSUME_FAILURES}. */
    private int consumeFailures;
    private static final int MAX_CONSUME_FAILURES = 3;
    private boolean interruptedThread;

    // Per job: only meaningful in STARTING, WORKING and REPORTING.
    private RunningScript script;
    private CompletableFuture<ScriptResult> completion;
    /** The current script's output on its way to the agent's log (null with an embedding application's listener). */
    private ScriptOutputToLog scriptOutput;
    /** The script's lines reach the agent's log on a thread of their own: a pump never waits on an appender. */
    private final LogHandOff scriptLogThread = new LogHandOff("belay-script-log");
    /** Where the run goes once the current job is reported; null means "back to Ready". */
    private EndReason pendingEnd;
    /** Whether the last heartbeat that said either way said a job is waiting (its HasNewJob). */
    private boolean moreJobsLikely = true;

    /**
     * Creates the state directory's folders if missing, and nothing else: another agent may be using them
     * (only {@link #run} finds out, with the lock), and creating a folder that exists changes nothing.
     *
     * @throws UncheckedIOException if the state directory cannot be created
     */
    public RobotLoop(RobotSettings settings) {
        this.s = settings;
        this.ticker = settings.ticker();
        try {
            Files.createDirectories(settings.stateDir().resolve("outbox"));
            Files.createDirectories(settings.stateDir().resolve("journal"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare state folder " + settings.stateDir(), e);
        }
        this.jobDirs = new JobDirs(settings.stateDir().resolve("jobs"), JOB_DIRS_KEPT);
        this.lastHeartbeatFile = new HeartbeatTimeFile(settings.stateDir().resolve("last-heartbeat"));
    }

    public void requestShutdown() {
        if (shutdown.compareAndSet(false, true)) {
            log.debug("Shutdown requested: no new job will be taken");
        }
        ticker.wake();
    }

    public RunSummary run() {
        log.debug("Robot starting: {}", s);
        // Before anything reads, cleans or kills: a second agent on this folder would otherwise take the
        // first one's live job for a crashed one and kill it (recovery), or delete its temp files.
        StateDirLock lock;
        try {
            StateDirLock.Attempt attempt = StateDirLock.tryAcquire(s.stateDir());
            if (attempt instanceof StateDirLock.InUse inUse) {
                log.debug("State folder {} is in use: {} is held (pid {})", s.stateDir(), inUse.lockFile(), inUse.holderPid());
                publish(new RobotEvent.StateDirInUse(ticker.now(), s.stateDir(), inUse.lockFile(), inUse.holderPid()));
                return refused(EndReason.STATE_DIR_IN_USE);
            }
            lock = ((StateDirLock.Acquired) attempt).lock();
        } catch (IOException | RuntimeException e) {
            log.error("Cannot lock the state folder {} ({}): not starting, since another agent could be using it; "
                    + "use a local folder that this user can write", s.stateDir(), e.toString());
            return refused(EndReason.STATE_DIR_NOT_LOCKABLE);
        }
        RobotState state = new RobotState.Recovering();
        try {
            outbox = new ResultOutbox(s.stateDir().resolve("outbox"));
            journal = new JobJournal(s.stateDir().resolve("journal"));
            state = runToEnd(state);
        } finally {
            lastHeartbeatFile.close();
            try {
                s.runner().cancelPrepared();
            } catch (RuntimeException e) {
                log.warn("The script runner failed to let go of what it prepared: {}", e.toString());
            } finally {
                lock.close(); // last: the folder is the next agent's only once this one is done with it
            }
        }
        MDC.remove("job");
        return summary(state);
    }

    private RobotState runToEnd(RobotState start) {
        RobotState state = start;
        while (!(state instanceof RobotState.Ended)) {
            RobotState next;
            try {
                next = step(state);
            } catch (InterruptedException e) {
                // An interrupt is a shutdown request. The flag is restored when run() returns, not now:
                // every later wait would otherwise fail at once and the loop could not stop a script.
                interruptedThread = true;
                requestShutdown();
                continue;
            }
            if (changed(state, next)) {
                log.debug("{} -> {}", state.label(), next.label());
                publish(new RobotEvent.StateChanged(ticker.now(), state, next));
            }
            state = next;
        }
        return state;
    }

    /**
     * Whether a step changed the state. States of different kinds differ without a look at their parts,
     * and a step that changes nothing mostly returns the same instance: a record's generated
     * {@code equals} is linked through method handles on its first call (several milliseconds per state
     * kind in an agent that still interprets it, much of it at the first job's start), so it is called
     * only for two distinct states of one kind.
     */
    private static boolean changed(RobotState from, RobotState to) {
        return from != to && (from.getClass() != to.getClass() || !from.equals(to));
    }

    /** The end of a run that never started: no state touched, no event but the reason's own, no logoff. */
    private static RunSummary refused(EndReason reason) {
        log.debug("Run ended: {} (exit code {}), nothing done", reason, reason.exitCode());
        return new RunSummary(List.of(), reason, false);
    }

    private RunSummary summary(RobotState state) {
        EndReason reason = ((RobotState.Ended) state).reason();
        boolean loggedOff = reason == EndReason.NO_JOB_LEFT && logoff();
        RunSummary summary = new RunSummary(new ArrayList<>(jobs.values()), reason, loggedOff);
        log.debug("Run ended: {} (exit code {}), {} job(s)", reason, reason.exitCode(), summary.jobs().size());
        if (interruptedThread) {
            Thread.currentThread().interrupt();
        }
        return summary;
    }

    /** The transition function. */
    RobotState step(RobotState state) throws InterruptedException {
        if (state instanceof RobotState.Recovering) {
            return recover();
        }
        if (state instanceof RobotState.Ready) {
            return readyHeartbeat();
        }
        if (state instanceof RobotState.Consuming) {
            return consume();
        }
        if (state instanceof RobotState.Starting st) {
            return start(st.job());
        }
        if (state instanceof RobotState.Working w) {
            return work(w);
        }
        if (state instanceof RobotState.Reporting r) {
            return report(r);
        }
        throw new IllegalStateException("no transition from " + state);
    }

    // ---- RECOVERING -------------------------------------------------------------------------------

    private RobotState recover() throws InterruptedException {
        lastHeartbeatAt = previousRunsLastHeartbeat();
        if (lastHeartbeatAt != null) {
            // A restart right after a run keeps that run's spacing: say so, or a start looks hung for an interval.
            long waitMillis = Duration.between(ticker.now(), nextHeartbeatDue()).toMillis();
            if (waitMillis >= 1000) {
                log.info("the last heartbeat from this state folder went {} ms ago: the first of this run waits {} ms"
                        + " (heartbeats at least {} ms apart)", Duration.between(lastHeartbeatAt, ticker.now()).toMillis(),
                        waitMillis, s.heartbeatInterval().toMillis());
            }
        }
        for (JobJournal.Entry e : journal.entries()) {
            MDC.put("job", e.jobGuid());
            int killed = 0;
            if (e.process() != null) {
                try {
                    killed = s.runner().reclaim(e.process());
                } catch (RuntimeException ex) {
                    log.warn("Could not reclaim the processes of job {}: {}", e.jobGuid(), ex.toString());
                }
            }
            log.debug("Job {} ({}) was running when an earlier agent stopped; {} process(es) of it killed; reporting it Failed",
                    e.jobGuid(), e.scriptName(), killed);
            try {
                if (!outbox.contains(e.jobGuid())) {
                    // The earlier agent may have died after deciding the status: that decision stands.
                    outbox.put(new ResultOutbox.Entry(e.jobGuid(), e.scriptName(), JobStatus.FAILED, ticker.now()));
                }
                journal.remove(e.jobGuid());
            } catch (UncheckedIOException io) {
                log.error("Cannot move job {} from the journal to the outbox ({}); reporting it Failed from memory",
                        e.jobGuid(), io.getMessage());
                pendingInMemory.put(e.jobGuid(), new ResultOutbox.Entry(e.jobGuid(), e.scriptName(), JobStatus.FAILED, ticker.now()));
            }
            publish(new RobotEvent.JobReclaimed(ticker.now(), e.jobGuid(), e.scriptName(), killed));
            MDC.remove("job");
        }
        if (!flushOutbox()) {
            return ended(shutdown.get() ? EndReason.INTERRUPTED : EndReason.STATUS_UNDELIVERED);
        }
        return shutdown.get() ? ended(EndReason.INTERRUPTED) : new RobotState.Ready();
    }

    // ---- READY ------------------------------------------------------------------------------------

    private RobotState readyHeartbeat() throws InterruptedException {
        ticker.parkUntil(nextHeartbeatDue(), shutdown::get);
        if (shutdown.get()) {
            return ended(EndReason.INTERRUPTED);
        }
        HeartbeatReply reply;
        try {
            reply = heartbeat(Heartbeat.ready(id().machine(), id().ip(), id().mac()));
        } catch (OrchestratorException e) {
            // An answer that is no heartbeat reply (an HTTP error such as a 404 for a wrong path in the URL,
            // or a page that is not the robot API's) ends the run as an outage does, but is not one.
            log.error("Ready heartbeat failed ({}): {}; ending the run", e.getMessage(),
                    e instanceof OrchestratorException.HttpError || e instanceof OrchestratorException.UnreadableReply
                            ? "the orchestrator's URL or the server in front of it may be wrong"
                            : "the orchestrator is unreachable");
            return ended(EndReason.ORCHESTRATOR_UNREACHABLE);
        }
        switch (reply.errorCode()) {
            case ROBOT_NOT_FOUND:
                return notRegistered("heartbeat", reply.errorText());
            case ABORT_JOB:
            case STOP_JOB:
                log.info("Orchestrator sent code {} while no job runs; nothing to stop", reply.errorCodeValue());
                break;
            case UNKNOWN:
                log.warn("Heartbeat reply has an unknown error code {} ({}); ignoring it", reply.errorCodeValue(), reply.errorText());
                break;
            case NO_ERROR:
                break;
        }
        switch (reply.hasNewJob()) {
            case NO_JOB:
                return ended(EndReason.NO_JOB_LEFT);
            case JOB_FOUND:
                moreJobsLikely = true;
                prepareNextScript(); // a job is waiting: its interpreter can start while it is consumed
                return new RobotState.Consuming();
            case UNKNOWN:
            default:
                log.error("Heartbeat reply has HasNewJob={}, which this agent does not understand; ending the run "
                        + "without taking a job (and without logoff)", reply.hasNewJobValue());
                return ended(EndReason.ORCHESTRATOR_UNREACHABLE);
        }
    }

    // ---- CONSUMING --------------------------------------------------------------------------------

    private RobotState consume() {
        if (shutdown.get()) {
            return ended(EndReason.INTERRUPTED);
        }
        ConsumeReply reply;
        try {
            reply = call(Endpoint.CONSUME_NEXT_JOB, () -> s.client().consumeNextJob(RobotStatus.READY));
        } catch (OrchestratorException e) {
            consumeFailures++;
            boolean giveUp = consumeFailures >= MAX_CONSUME_FAILURES;
            String next = giveUp ? consumeFailures + " consumes in a row failed: ending the run"
                    : "asking again with a heartbeat";
            if (e.mayHaveReachedServer()) {
                log.error("consumeNextJob failed after it may have reached the orchestrator ({}): a job may have been "
                        + "assigned to this robot that it never learned about - check the orchestrator for a job left "
                        + "assigned to this robot. Not repeating the consume; {}", e.getMessage(), next);
            } else {
                log.error("consumeNextJob could not be sent ({}); {}", e.getMessage(), next);
            }
            // Back to the protocol's own question (a heartbeat) rather than a blind repeat: a consume is
            // sent again only if the orchestrator, asked afresh, still says a job is waiting. If it is
            // really down, that heartbeat fails and the run ends; the bound stops a consume that fails
            // while heartbeats succeed from looping forever.
            return giveUp ? ended(EndReason.ORCHESTRATOR_UNREACHABLE) : new RobotState.Ready();
        }
        consumeFailures = 0;
        switch (reply.errorCode()) {
            case ROBOT_NOT_FOUND:
                return notRegistered("consumeNextJob", reply.errorText());
            case NO_JOB_FOUND:
                log.info("No job found after all (102); heartbeating again");
                return new RobotState.Ready();
            case NO_ERROR:
                if (reply.job() != null) {
                    return new RobotState.Starting(reply.job());
                }
                log.warn("consumeNextJob answered 0 without a job; heartbeating again");
                return new RobotState.Ready();
            case UNKNOWN:
            default:
                log.warn("consumeNextJob answered unknown code {} ({}); heartbeating again", reply.errorCodeValue(), reply.errorText());
                return new RobotState.Ready();
        }
    }

    // ---- STARTING ---------------------------------------------------------------------------------

    private RobotState start(JobAssignment job) {
        MDC.put("job", job.jobGuid());
        log.debug("Job {} consumed: script '{}'", job.jobGuid(), job.scriptName());
        if (shutdown.get()) {
            log.info("Shutdown requested before the script started: not starting it; reporting the job Stopped");
            return decided(job, null, JobStatus.STOPPED);
        }
        JobSummary seen = jobs.get(job.jobGuid());
        if (seen != null) {
            // Never run a job twice: the orchestrator handed out a job this run already finished (a lost
            // update on its side?). Its final status is sent again instead - job/update is idempotent.
            log.error("The orchestrator handed out job {} again, which this robot already ran ({}); not running it "
                    + "twice, reporting {} again", job.jobGuid(), seen.status(), seen.status());
            return decided(job, null, seen.status());
        }
        try {
            journal.put(new JobJournal.Entry(job.jobGuid(), job.scriptName(), null));
        } catch (UncheckedIOException e) {
            log.error("Cannot write the job journal ({}); running the job without crash protection", e.getMessage());
        }
        try {
            call(Endpoint.UPDATE_JOB, () -> {
                s.client().updateJob(job.jobGuid(), JobStatus.IN_PROGRESS);
                return null;
            });
        } catch (OrchestratorException e) {
            log.warn("Could not report the job In progress ({}); running it anyway - its final status is what counts",
                    e.getMessage());
        }
        RunningScript started;
        try {
            Path jobDir = jobDirs.create(job.jobGuid());
            ScriptLaunch launch = new ScriptLaunch(s.scriptsDir(), job.scriptName(), job.jobGuid(),
                    job.processVersionGuid(), job.taskGuid(), job.taskJson(), s.robotGuid(), s.orchestratorUrl(),
                    jobDir, s.settingsFile());
            started = s.runner().start(launch, outputListener(job.jobGuid(), launch.outputLog()));
        } catch (IOException | RuntimeException e) {
            // The SPI promises not to throw for script problems; this is a runner bug or a full disk.
            finishScriptOutput();
            log.error("The script could not be started: {}", e.toString());
            return decided(job, new ScriptResult.FailedToStart(e.toString(), Duration.ZERO), JobStatus.FAILED);
        }
        script = started;
        completion = started.completion().toCompletableFuture();
        completion.whenComplete((r, e) -> ticker.wake());
        ProcessStamp stamp = started.process().orElse(null);
        if (stamp != null) {
            try {
                journal.put(new JobJournal.Entry(job.jobGuid(), job.scriptName(), stamp));
            } catch (UncheckedIOException e) {
                log.error("Cannot record the script's process in the job journal ({})", e.getMessage());
            }
        }
        log.debug("Script '{}' started{}", job.scriptName(), stamp == null ? "" : " as pid " + stamp.pid());
        publish(new RobotEvent.ScriptStarted(ticker.now(), job.jobGuid(), job.scriptName(), stamp));
        return new RobotState.Working(job, Mode.RUNNING);
    }

    // ---- WORKING ----------------------------------------------------------------------------------

    private RobotState work(RobotState.Working w) throws InterruptedException {
        JobAssignment job = w.job();
        if (completion.isDone()) {
            finishScriptOutput();
            ScriptResult result = completion.isCompletedExceptionally()
                    // The SPI says this never happens; if a runner breaks it, the job still gets a status.
                    ? new ScriptResult.FailedToStart("the runner failed: " + completion.handle((r, e) -> e).join(), Duration.ZERO)
                    : completion.join();
            RobotState next = decided(job, result, FinalStatus.of(result));
            if (!shutdown.get() && pendingEnd == null && moreJobsLikely) {
                prepareNextScript(); // after the status is in the outbox: nothing may come between a result and its record
            }
            return next;
        }
        if (shutdown.get() && pendingEnd == null) {
            pendingEnd = EndReason.INTERRUPTED;
            if (w.mode() == Mode.RUNNING) {
                log.debug("Asking the script to stop (grace {}) because of the shutdown", s.stopGrace());
                stopScript();
                publish(new RobotEvent.StopRequested(ticker.now(), job.jobGuid(), s.stopGrace(), RobotEvent.Cause.SHUTDOWN));
                return new RobotState.Working(job, Mode.STOPPING);
            }
            return w;
        }
        // After a 101 nobody listens to heartbeats any more: just wait for the abort to finish.
        boolean heartbeating = pendingEnd != EndReason.ROBOT_NOT_REGISTERED;
        Instant due = nextHeartbeatDue();
        if (heartbeating && !ticker.now().isBefore(due)) {
            return workingHeartbeat(w);
        }
        Instant wakeAt = heartbeating ? due : ticker.now().plus(s.heartbeatInterval());
        ticker.parkUntil(wakeAt, () -> completion.isDone() || (shutdown.get() && pendingEnd == null));
        return w;
    }

    private RobotState workingHeartbeat(RobotState.Working w) {
        JobAssignment job = w.job();
        HeartbeatReply reply;
        try {
            reply = heartbeat(Heartbeat.working(id().machine(), id().ip(), id().mac(), job.jobGuid(), job.scriptName()));
        } catch (OrchestratorException e) {
            log.debug("Working heartbeat failed ({}); the job goes on", e.getMessage());
            return w;
        }
        // HasNewJob does not take a job here (one at a time; the Ready heartbeat after this job asks
        // again), but a 0 says no job is waiting: the runner need not keep an interpreter ready for one.
        if (reply.hasNewJob() == HasNewJob.NO_JOB && moreJobsLikely) {
            moreJobsLikely = false;
            try {
                s.runner().cancelPrepared();
            } catch (RuntimeException e) {
                log.debug("The script runner could not let go of what it prepared: {}", e.toString());
            }
        } else if (reply.hasNewJob() == HasNewJob.JOB_FOUND) {
            moreJobsLikely = true;
        }
        switch (reply.errorCode()) {
            case ABORT_JOB:
                if (w.mode() != Mode.ABORTING) {
                    log.debug("Orchestrator asked to abort the job (10): killing the script");
                    abortScript();
                    publish(new RobotEvent.AbortRequested(ticker.now(), job.jobGuid(), RobotEvent.Cause.ORCHESTRATOR));
                    return new RobotState.Working(job, Mode.ABORTING);
                }
                return w;
            case STOP_JOB:
                if (w.mode() == Mode.RUNNING) {
                    log.debug("Orchestrator asked to stop the job (20): asking the script to stop, grace {}", s.stopGrace());
                    stopScript();
                    publish(new RobotEvent.StopRequested(ticker.now(), job.jobGuid(), s.stopGrace(), RobotEvent.Cause.ORCHESTRATOR));
                    return new RobotState.Working(job, Mode.STOPPING);
                }
                return w;
            case ROBOT_NOT_FOUND:
                log.error("Orchestrator says this robot is not registered (101: {}); aborting the job, then ending the run",
                        reply.errorText());
                pendingEnd = EndReason.ROBOT_NOT_REGISTERED;
                if (w.mode() != Mode.ABORTING) {
                    abortScript();
                    publish(new RobotEvent.AbortRequested(ticker.now(), job.jobGuid(), RobotEvent.Cause.ROBOT_NOT_REGISTERED));
                    return new RobotState.Working(job, Mode.ABORTING);
                }
                return w;
            case UNKNOWN:
                log.warn("Working heartbeat reply has an unknown error code {} ({}); ignoring it",
                        reply.errorCodeValue(), reply.errorText());
                return w;
            case NO_ERROR:
            default:
                return w;
        }
    }

    /**
     * A job is waiting, or the run goes on after one and another may well follow at once: the runner
     * may get ready for it (the CPython runner starts its interpreter) while the job is consumed, or
     * this one reported and the next taken. The run's end lets go of it.
     */
    private void prepareNextScript() {
        try {
            s.runner().prepareNext(s.scriptsDir());
        } catch (RuntimeException e) {
            log.debug("The script runner could not prepare the next start: {}", e.toString());
        }
    }

    /**
     * The job's final status is decided: into the outbox first, then out of the journal, so that at
     * every instant one of the two holds the job.
     */
    private RobotState decided(JobAssignment job, ScriptResult result, JobStatus status) {
        log.debug("Script ended: {} -> job {}", result == null ? "not started" : result, status);
        try {
            outbox.put(new ResultOutbox.Entry(job.jobGuid(), job.scriptName(), status, ticker.now()));
        } catch (UncheckedIOException e) {
            log.error("Cannot write the final status to the outbox ({}); it is only in memory until delivered", e.getMessage());
            pendingInMemory.put(job.jobGuid(), new ResultOutbox.Entry(job.jobGuid(), job.scriptName(), status, ticker.now()));
        }
        try {
            journal.remove(job.jobGuid());
        } catch (UncheckedIOException e) {
            log.warn("Cannot remove the journal entry ({}); the next start will find it and keep the outbox's status",
                    e.getMessage());
        }
        decidedThisRun.add(job.jobGuid());
        jobs.put(job.jobGuid(), new JobSummary(job.jobGuid(), job.scriptName(), status, false, false));
        publish(new RobotEvent.ScriptEnded(ticker.now(), job.jobGuid(), result, status));
        return new RobotState.Reporting(job, status);
    }

    /** Statuses that could not be written to disk (a full or failing disk): still delivered, but not durable. */
    private final Map<String, ResultOutbox.Entry> pendingInMemory = new LinkedHashMap<>();

    // ---- REPORTING --------------------------------------------------------------------------------

    private RobotState report(RobotState.Reporting r) throws InterruptedException {
        boolean delivered = flushOutbox();
        jobDirs.prune();
        script = null;
        completion = null;
        MDC.remove("job");
        EndReason end = pendingEnd;
        pendingEnd = null;
        if (!delivered) {
            if (shutdown.get()) {
                return ended(EndReason.INTERRUPTED);
            }
            return ended(end == EndReason.ROBOT_NOT_REGISTERED ? end : EndReason.STATUS_UNDELIVERED);
        }
        if (end != null) {
            return ended(end);
        }
        return shutdown.get() ? ended(EndReason.INTERRUPTED) : new RobotState.Ready();
    }

    /**
     * Delivers every status in the outbox, retrying with backoff for at most the configured total time.
     * After a shutdown request, one more attempt is made and then it gives up.
     *
     * @return true if the outbox is empty (everything delivered or refused for good)
     */
    private boolean flushOutbox() throws InterruptedException {
        Instant first = ticker.now();
        Instant giveUpAt = first.plus(s.outboxRetry().maxTotal());
        Map<String, Integer> attempts = new LinkedHashMap<>();
        // Settled in this flush (delivered, or refused for good): never sent again by it, even if a
        // failing disk kept its file in the outbox.
        Set<String> settled = new HashSet<>();
        for (int round = 1; ; round++) {
            List<ResultOutbox.Entry> pending = new ArrayList<>();
            try {
                pending.addAll(outbox.entries());
            } catch (UncheckedIOException io) {
                log.error("Cannot read the outbox ({}); delivering what is in memory", io.getMessage());
            }
            for (ResultOutbox.Entry e : pendingInMemory.values()) {
                if (pending.stream().noneMatch(p -> p.jobGuid().equals(e.jobGuid()))) {
                    pending.add(e);
                }
            }
            pending.removeIf(e -> settled.contains(e.jobGuid()));
            if (pending.isEmpty()) {
                return true;
            }
            List<FailedDelivery> failed = new ArrayList<>();
            for (ResultOutbox.Entry e : pending) {
                int attempt = attempts.merge(e.jobGuid(), 1, Integer::sum);
                OrchestratorException error = deliver(e, attempt);
                if (error != null) {
                    failed.add(new FailedDelivery(e, error));
                } else {
                    settled.add(e.jobGuid());
                }
            }
            if (failed.isEmpty()) {
                continue; // re-read: normally empty now
            }
            Instant next = ticker.now().plus(s.outboxRetry().delayAfter(round));
            boolean giveUp = shutdown.get() || next.isAfter(giveUpAt);
            for (FailedDelivery f : failed) {
                publish(new RobotEvent.StatusDeliveryFailed(ticker.now(), f.entry().jobGuid(), f.entry().status(), f.error(),
                        giveUp ? null : next));
            }
            if (giveUp) {
                for (FailedDelivery f : failed) {
                    log.debug("Final status {} of job {} is still undelivered after {} attempt(s) ({}); it stays in the "
                                    + "outbox for the next run", f.entry().status(), f.entry().jobGuid(),
                            attempts.get(f.entry().jobGuid()), f.error().getMessage());
                }
                return false;
            }
            log.debug("{} final status(es) undelivered ({}); next attempt at {}", failed.size(),
                    failed.get(0).error().getMessage(), next);
            ticker.parkUntil(next, shutdown::get);
        }
    }

    private record FailedDelivery(ResultOutbox.Entry entry, OrchestratorException error) {
    }

    /** One attempt. @return null if delivered or refused for good, else the error to retry on */
    private OrchestratorException deliver(ResultOutbox.Entry e, int attempt) {
        String previousJob = MDC.get("job");
        MDC.put("job", e.jobGuid());
        try {
            call(Endpoint.UPDATE_JOB, () -> {
                s.client().updateJob(e.jobGuid(), e.status());
                return null;
            });
            acknowledged(e, attempt);
            return null;
        } catch (OrchestratorException ex) {
            // An UnreadableReply here is not the orchestrator's answer (the client reads no body of a 2xx
            // update; it reports an HTML page from a proxy or login portal): retried like any other failure.
            if (refusedForGood(ex)) {
                log.error("The orchestrator refused final status {} of job {} ({}); keeping it in outbox/rejected and "
                        + "going on", e.status(), e.jobGuid(), ex.getMessage());
                try {
                    if (pendingInMemory.remove(e.jobGuid()) == null) {
                        outbox.reject(e.jobGuid());
                    }
                } catch (UncheckedIOException io) {
                    log.error("Cannot move the refused status out of the outbox ({})", io.getMessage());
                }
                note(e, false);
                publish(new RobotEvent.StatusDeliveryFailed(ticker.now(), e.jobGuid(), e.status(), ex, null));
                return null;
            }
            note(e, false);
            return ex;
        } finally {
            if (previousJob == null) {
                MDC.remove("job");
            } else {
                MDC.put("job", previousJob);
            }
        }
    }

    /** The orchestrator answered 2xx: out of the outbox, into the summary. */
    private void acknowledged(ResultOutbox.Entry e, int attempt) {
        pendingInMemory.remove(e.jobGuid());
        note(e, true);
        try {
            outbox.remove(e.jobGuid());
        } catch (UncheckedIOException io) {
            log.error("Delivered final status of job {} but cannot remove it from the outbox ({}); the next run sends "
                    + "it again (harmless: job/update is idempotent)", e.jobGuid(), io.getMessage());
        }
        log.debug("Final status {} of job {} delivered", e.status(), e.jobGuid());
        publish(new RobotEvent.StatusDelivered(ticker.now(), e.jobGuid(), e.status(), attempt));
    }

    private void note(ResultOutbox.Entry e, boolean delivered) {
        boolean earlier = !decidedThisRun.contains(e.jobGuid());
        jobs.put(e.jobGuid(), new JobSummary(e.jobGuid(), e.scriptName(), e.status(), delivered, earlier));
    }

    private static boolean refusedForGood(OrchestratorException e) {
        if (e instanceof OrchestratorException.HttpError h) {
            int c = h.statusCode();
            return c >= 400 && c < 500 && c != 401 && c != 403 && c != 408 && c != 429;
        }
        return false;
    }

    private void stopScript() {
        try {
            script.requestStop(s.stopGrace());
        } catch (RuntimeException e) {
            log.error("The runner failed to stop the script ({}); killing it instead", e.toString());
            abortScript();
        }
    }

    private void abortScript() {
        try {
            script.abort();
        } catch (RuntimeException e) {
            log.error("The runner failed to kill the script ({}); waiting for it to end", e.toString());
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private RobotState notRegistered(String where, String text) {
        log.error("The orchestrator does not know this robot (101 on {}: {}). Check the robot GUID and that the robot "
                + "is registered; not retrying", where, text);
        return ended(EndReason.ROBOT_NOT_REGISTERED);
    }

    private static RobotState ended(EndReason reason) {
        return new RobotState.Ended(reason);
    }

    private RobotIdentity id() {
        return s.identity();
    }

    private Instant nextHeartbeatDue() {
        return lastHeartbeatAt == null ? ticker.now() : lastHeartbeatAt.plus(s.heartbeatInterval());
    }

    private Instant previousRunsLastHeartbeat() {
        Instant last = lastHeartbeatFile.read();
        // In the future means the clock was set back (or another time source wrote it): ignore it.
        return last == null || last.isAfter(ticker.now()) ? null : last;
    }

    /** Every heartbeat goes through here: this is where the spacing is measured from. */
    private HeartbeatReply heartbeat(Heartbeat hb) {
        try {
            HeartbeatReply reply = call(Endpoint.HEARTBEAT, () -> s.client().heartbeat(hb));
            log.debug("Heartbeat {} -> code {}, HasNewJob {}", hb.status(), reply.errorCodeValue(), reply.hasNewJobValue());
            publish(new RobotEvent.HeartbeatSent(ticker.now(), hb, reply));
            return reply;
        } catch (OrchestratorException e) {
            publish(new RobotEvent.HeartbeatFailed(ticker.now(), hb, e));
            throw e;
        } finally {
            // Spacing counts from the reply (or the failure), not from the send: the orchestrator sees a
            // request some time after it is sent, never after its reply is back, so this is the gap it
            // measures. It also keeps a client's own pacing (which waits on the same rule) from blocking
            // this loop while a finished script waits to be noticed.
            lastHeartbeatAt = ticker.now();
            try {
                // So that an agent restarted at once still keeps the spacing.
                lastHeartbeatFile.write(lastHeartbeatAt);
            } catch (IOException | RuntimeException e) {
                log.trace("cannot record the heartbeat time: {}", e.toString());
            }
        }
    }

    private interface Call<T> {
        T call();
    }

    /**
     * A call to the client. Anything that is not an {@link OrchestratorException} (a decorator's own
     * exception, a bug) is treated as "may have reached the server", the cautious reading.
     */
    private static <T> T call(Endpoint endpoint, Call<T> c) {
        try {
            return c.call();
        } catch (OrchestratorException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new OrchestratorException.NoReply(endpoint, "unexpected failure: " + e, e);
        }
    }

    /** The script's output is all in (or never will be): the agent's log says what it left out. */
    private void finishScriptOutput() {
        if (scriptOutput != null) {
            scriptOutput.finish();
            scriptOutput = null;
        }
    }

    private OutputListener outputListener(String jobGuid, Path outputLog) {
        OutputListener target = s.outputListener();
        scriptOutput = null;
        if (target != null) {
            return new OutputListener() { // the embedding application's listener, with the job in the MDC
                @Override
                public void onLine(Stream stream, Instant at, String line) {
                    MDC.put("job", jobGuid);
                    try {
                        target.onLine(stream, at, line);
                    } catch (RuntimeException e) {
                        log.warn("Output listener failed: {}", e.toString());
                    } finally {
                        MDC.remove("job");
                    }
                }

                @Override
                public void onLine(Stream stream, Instant at, byte[] bytes, int offset, int length) {
                    MDC.put("job", jobGuid);
                    try {
                        target.onLine(stream, at, bytes, offset, length);
                    } catch (RuntimeException e) {
                        log.warn("Output listener failed: {}", e.toString());
                    } finally {
                        MDC.remove("job");
                    }
                }
            };
        }
        scriptOutput = new ScriptOutputToLog(jobGuid, outputLog, scriptLogThread);
        return scriptOutput;
    }

    /**
     * The script's output in the agent's log, at a bounded rate; {@link #finish()} says what it left out.
     * A line that arrives after that (from a pump the runner gave up on) is no longer repeated: the note
     * has been written, and the line is in the output log.
     */
    private static final class ScriptOutputToLog implements OutputListener {
        /** How long the end of a job waits for the agent's log to take the lines it was handed. */
        private static final Duration DRAIN = Duration.ofSeconds(5);

        private final String jobGuid;
        private final Path outputLog;
        private final LogHandOff handOff;
        private final OutputLogBudget budget =
                new OutputLogBudget(OutputLogBudget.BURST, OutputLogBudget.PER_SECOND, System.nanoTime());
        private volatile boolean finished;

        ScriptOutputToLog(String jobGuid, Path outputLog, LogHandOff handOff) {
            this.jobGuid = jobGuid;
            this.outputLog = outputLog;
            this.handOff = handOff;
        }

        @Override
        public void onLine(Stream stream, Instant at, String line) {
            long skipped = finished ? -1 : budget.admit(System.nanoTime());
            if (skipped >= 0) {
                handOff(stream, line, skipped);
            }
        }

        @Override
        public void onLine(Stream stream, Instant at, byte[] bytes, int offset, int length) {
            // Past the budget a line costs only this check: not decoded, no MDC, no logging call.
            long skipped = finished ? -1 : budget.admit(System.nanoTime());
            if (skipped >= 0) {
                handOff(stream, new String(bytes, offset, length, StandardCharsets.UTF_8), skipped);
            }
        }

        /** Waits for room however long it takes, interrupted or not: the lines stay in their order. */
        private void handOff(Stream stream, String line, long skipped) {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        handOff.submit(() -> log(stream, line, skipped));
                        return;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /**
         * Once the script has ended and its output is all in: the lines handed to the log are in it, then
         * the lines left out since the last note.
         */
        void finish() {
            finished = true;
            try {
                if (!handOff.drain(DRAIN)) {
                    log.warn("The agent's log took more than {} s to take the script's last lines", DRAIN.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long skipped = budget.takeSkipped();
            if (skipped > 0) {
                log(null, null, skipped);
            }
        }

        /** @param line null for the note of what was left out alone */
        private void log(Stream stream, String line, long skipped) {
            // Called on the log's thread, where the loop's MDC is not, and at the job's end on the loop's
            // own, whose job must still be there for the lines that follow.
            String previousJob = MDC.get("job");
            MDC.put("job", jobGuid);
            try {
                if (skipped > 0) {
                    scriptLog.info("[{} line(s) of output not repeated here; every line is in {}]", skipped, outputLog);
                }
                if (line == null) {
                    return;
                }
                if (stream == Stream.STDERR) {
                    scriptLog.warn("{}", line);
                } else {
                    scriptLog.info("{}", line);
                }
            } finally {
                if (previousJob == null) {
                    MDC.remove("job");
                } else {
                    MDC.put("job", previousJob);
                }
            }
        }
    }

    private boolean logoff() {
        if (s.sessionControl() == SessionControl.NONE) {
            return false; // logoff disabled: nothing to do, nothing to announce
        }
        try {
            if (!outbox.isEmpty() || !pendingInMemory.isEmpty()) {
                log.warn("Not logging off: a final status is still undelivered");
                return false;
            }
            log.debug("No job left and the outbox is empty: logging the session off");
            s.sessionControl().logoff();
            return true;
        } catch (Exception e) {
            log.warn("Logoff failed: {}", e.toString());
            return false;
        }
    }

    private void publish(RobotEvent event) {
        try {
            s.listener().onEvent(event);
        } catch (RuntimeException e) {
            log.warn("Robot listener failed on {}: {}", event.getClass().getSimpleName(), e.toString());
        }
    }
}
