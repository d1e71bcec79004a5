package dev.belay.testkit.fake.internal;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.belay.testkit.fake.AuthScheme;
import dev.belay.testkit.fake.Endpoint;
import dev.belay.testkit.fake.FakeFault;
import dev.belay.testkit.fake.FakeJob;
import dev.belay.testkit.fake.FaultRule;
import dev.belay.testkit.fake.JobState;
import dev.belay.testkit.fake.JobStatus;
import dev.belay.testkit.fake.JobUpdateDialect;
import dev.belay.testkit.fake.JournalEntry;
import dev.belay.testkit.fake.ReplyStyle;
import dev.belay.testkit.fake.Violation;
import dev.belay.testkit.fake.When;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The fake orchestrator's state and protocol logic, independent of WireMock: one request in, one
 * decision out. Every request is handled under one lock, so the journal, the checker and the job
 * state always agree; replies are rendered under the lock too, delays and faults happen afterwards
 * in WireMock.
 */
public final class Engine {

    private static final Logger log = LoggerFactory.getLogger(Engine.class);
    private static final int JOURNAL_BODY_LIMIT = 2000;
    private static final Set<Integer> ROBOT_JOB_STATUSES = Set.of(3, 4, 5, 7, 8);
    private static final List<String> HEARTBEAT_FIELDS =
            List.of("RobotGUID", "Machine", "IP", "MAC", "Status", "JobGUID", "JobName", "JobType");

    /** A request as the engine needs it. */
    public record Incoming(String method, String path, String contentType, String authorization, byte[] body) {
    }

    /**
     * What to send: either a socket fault, or status/headers/body; optionally after a delay.
     */
    public record Outgoing(int status, Map<String, String> headers, byte[] body, Fault wireFault, Duration delay) {
    }

    private final Settings settings;
    private final Replies replies = new Replies();
    private final Object lock = new Object();

    // Everything below is guarded by lock; the lists are copy-on-write so readers need no lock.
    private final Set<String> robots = new LinkedHashSet<>();
    private final Deque<String> queue = new ArrayDeque<>();
    private final Map<String, MutableJob> jobs = new LinkedHashMap<>();
    private final Map<String, Instant> lastHeartbeat = new HashMap<>();
    private final List<FaultRuleImpl> rules = new CopyOnWriteArrayList<>();
    private final List<JournalEntry> journal = new CopyOnWriteArrayList<>();
    private final List<Violation> violations = new CopyOnWriteArrayList<>();
    private volatile ReplyStyle style;
    private volatile boolean outage;
    private long sequence;

    public Engine(Settings settings) {
        this.settings = settings;
        reset();
    }

    // ---- control ----------------------------------------------------------------------------

    public void reset() {
        synchronized (lock) {
            robots.clear();
            settings.robots().forEach(r -> robots.add(key(r)));
            queue.clear();
            jobs.clear();
            lastHeartbeat.clear();
            rules.clear();
            journal.clear();
            lock.notifyAll();
            violations.clear();
            style = settings.replyStyle();
            outage = false;
            sequence = 0;
        }
    }

    public void registerRobot(String guid) {
        synchronized (lock) {
            robots.add(key(guid));
        }
    }

    public void unregisterRobot(String guid) {
        synchronized (lock) {
            robots.remove(key(guid));
        }
    }

    public void enqueue(FakeJob job) {
        synchronized (lock) {
            if (jobs.containsKey(key(job.guid()))) {
                throw new IllegalArgumentException("a job with GUID " + job.guid() + " is already known");
            }
            jobs.put(key(job.guid()), new MutableJob(job));
            queue.addLast(key(job.guid()));
        }
    }

    public void requestAbort(String jobGuid) {
        synchronized (lock) {
            requireJob(jobGuid).abortRequested = true;
        }
    }

    public void requestStop(String jobGuid) {
        synchronized (lock) {
            requireJob(jobGuid).stopRequested = true;
        }
    }

    public FaultRule inject(When when, FakeFault fault) {
        FaultRuleImpl[] holder = new FaultRuleImpl[1];
        holder[0] = new FaultRuleImpl(when, fault, () -> rules.remove(holder[0]));
        rules.add(holder[0]);
        return holder[0];
    }

    public void clearFaults() {
        rules.clear();
    }

    public void outage(boolean on) {
        outage = on;
    }

    public boolean outage() {
        return outage;
    }

    public void replyStyle(ReplyStyle value) {
        style = value;
    }

    public ReplyStyle replyStyle() {
        return style;
    }

    // ---- views --------------------------------------------------------------------------------

    public List<JournalEntry> journal() {
        return List.copyOf(journal);
    }

    public List<Violation> violations() {
        return List.copyOf(violations);
    }

    public List<JobState> jobs() {
        synchronized (lock) {
            List<JobState> out = new ArrayList<>();
            jobs.values().forEach(j -> out.add(j.snapshot()));
            return out;
        }
    }

    public Optional<JobState> job(String guid) {
        synchronized (lock) {
            MutableJob j = jobs.get(key(guid));
            return j == null ? Optional.empty() : Optional.of(j.snapshot());
        }
    }

    /**
     * Blocks until a journaled request (already there, or arriving) matches, or the timeout passes.
     */
    public JournalEntry awaitRequest(java.util.function.Predicate<JournalEntry> match, Duration timeout)
            throws InterruptedException, java.util.concurrent.TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        synchronized (lock) {
            while (true) {
                if (checked > journal.size()) {
                    checked = 0; // a reset emptied the journal while we waited
                }
                for (; checked < journal.size(); checked++) {
                    if (match.test(journal.get(checked))) {
                        return journal.get(checked);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new java.util.concurrent.TimeoutException("no matching request within " + timeout.toMillis()
                            + " ms; " + journal.size() + " request(s) journaled");
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
        }
    }

    public int queuedJobs() {
        synchronized (lock) {
            return queue.size();
        }
    }

    // ---- the request path ---------------------------------------------------------------------

    public Outgoing handle(Incoming in) {
        JournalEntry entry;
        Outgoing out;
        synchronized (lock) {
            Instant now = settings.clock().instant();
            long number = ++sequence;
            Endpoint endpoint = Endpoint.ofPath(in.path());
            Map<String, String> form = Form.parse(in.body());
            Map<String, String> lower = Form.lowercaseNames(form);
            Request r = new Request(number, now, endpoint, in, form, lower);

            checkTransport(r);
            FakeFault fault = selectFault(r);
            boolean commit = fault == null || fault.commits();

            Outgoing normal;
            switch (endpoint) {
                case HEARTBEAT:
                    normal = heartbeat(r, commit);
                    break;
                case CONSUME_NEXT_JOB:
                    normal = consume(r, commit);
                    break;
                case JOB_UPDATE:
                    normal = update(r, commit);
                    break;
                default:
                    r.violation("path.unknown", in.method() + " " + in.path()
                            + " is not a robot endpoint (heartbeat, consumeNextJob, job/update)");
                    normal = json(404, "{\"Message\":\"No HTTP resource was found that matches the request URI.\"}");
                    break;
            }
            out = fault == null ? normal : applyFault(fault, normal);

            String robot = r.robotGuid();
            JournalEntry.Reply reply = new JournalEntry.Reply(
                    out.wireFault() != null ? 0 : out.status(),
                    out.body() == null ? "" : truncate(new String(out.body(), StandardCharsets.UTF_8)),
                    fault == null ? null : fault.toString(), commit);
            entry = new JournalEntry(number, now, endpoint, in.method(), in.path(), robot, form, reply,
                    List.copyOf(r.violations));
            journal.add(entry);
            violations.addAll(r.violations);
            lock.notifyAll(); // awaitRequest
        }
        log.debug("{}", entry.toLogLine());
        for (Violation v : entry.violations()) {
            log.warn("protocol violation: {}", v);
        }
        if (settings.listener() != null) {
            try {
                settings.listener().accept(entry);
            } catch (RuntimeException e) {
                log.warn("request listener failed", e);
            }
        }
        return out;
    }

    private FakeFault selectFault(Request r) {
        if (outage) {
            return FakeFault.connectionReset().describedAs("outage: CONNECTION_RESET_BY_PEER");
        }
        FakeFault chosen = null;
        for (FaultRuleImpl rule : rules) {
            if (rule.when().matches(r.endpoint, r.lower) && rule.countAndSelect() && chosen == null) {
                rule.hit();
                chosen = rule.fault();
            }
        }
        return chosen;
    }

    private static Outgoing applyFault(FakeFault fault, Outgoing normal) {
        Duration delay = fault.delay().orElse(null);
        if (fault.wireFault().isPresent()) {
            return new Outgoing(0, Map.of(), null, fault.wireFault().get(), delay);
        }
        if (fault.status().isPresent()) {
            return new Outgoing(fault.status().get(), fault.headers(), fault.body(), null, delay);
        }
        return new Outgoing(normal.status(), normal.headers(), normal.body(), null, delay);
    }

    // ---- transport-level checks -----------------------------------------------------------------

    private void checkTransport(Request r) {
        if (r.endpoint == Endpoint.OTHER) {
            return;
        }
        String ct = r.in.contentType();
        if (ct == null || !ct.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            r.violation("content-type", "Content-Type is " + (ct == null ? "missing" : "'" + ct + "'")
                    + "; the robot API takes application/x-www-form-urlencoded bodies");
        }
        if (r.endpoint != Endpoint.JOB_UPDATE && !"POST".equalsIgnoreCase(r.in.method())) {
            r.violation("method", r.in.method() + " " + r.endpoint.path() + "; the protocol uses POST");
        }
        checkAuth(r);
    }

    private void checkAuth(Request r) {
        String header = r.in.authorization();
        AuthScheme scheme = settings.authScheme();
        String expected = scheme == AuthScheme.EITHER ? "Basic or Bearer" : scheme.word();
        if (header == null || header.isBlank()) {
            r.violation("auth.missing", "no Authorization header; expected '" + expected + " base64(robot GUID)'");
            return;
        }
        String[] parts = header.trim().split("\\s+", 2);
        if (parts.length != 2) {
            r.violation("auth.malformed", "Authorization header is not '<scheme> <token>'");
            return;
        }
        boolean schemeOk = scheme == AuthScheme.EITHER
                ? parts[0].equalsIgnoreCase("Basic") || parts[0].equalsIgnoreCase("Bearer")
                : parts[0].equalsIgnoreCase(scheme.word());
        if (!schemeOk) {
            r.violation("auth.scheme", "Authorization scheme is '" + parts[0] + "'; expected " + expected);
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(parts[1].trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            r.violation("auth.token", "Authorization token is not base64; expected base64 of the bare robot GUID");
            return;
        }
        if (decoded.contains(":")) {
            r.violation("auth.token", "Authorization token decodes to 'user:password' form; expected base64 of"
                    + " the bare robot GUID, with no 'user:' part and no colon");
            return;
        }
        r.authRobot = decoded.trim();
        String field = r.lower.get("robotguid");
        if (field != null && !field.isBlank() && !key(field).equals(key(r.authRobot))) {
            r.violation("auth.mismatch", "Authorization token is for robot " + shorten(r.authRobot)
                    + " but RobotGUID is " + shorten(field));
        }
        if (r.endpoint == Endpoint.JOB_UPDATE && !robots.contains(key(r.authRobot))) {
            r.violation("auth.unknown-robot", "job update authorized as " + shorten(r.authRobot)
                    + ", which is not a registered robot");
        }
    }

    private void requireFields(Request r, List<String> names) {
        List<String> missing = new ArrayList<>();
        for (String n : names) {
            if (!r.lower.containsKey(n.toLowerCase(Locale.ROOT))) {
                missing.add(n);
            }
        }
        if (!missing.isEmpty()) {
            r.violation("fields.missing", "missing form field(s) " + String.join(", ", missing)
                    + " (present: " + String.join(", ", r.form.keySet()) + ")");
        }
    }

    // ---- heartbeat ----------------------------------------------------------------------------

    private Outgoing heartbeat(Request r, boolean commit) {
        requireFields(r, HEARTBEAT_FIELDS);
        String robotField = r.lower.getOrDefault("robotguid", "");
        String robot = robotField.isBlank() ? r.authRobot : robotField;
        String jobType = r.lower.get("jobtype");
        if (jobType != null && !"1".equals(jobType.trim())) {
            r.violation("heartbeat.jobtype", "JobType is '" + jobType + "'; it is always 1 (Orchestrated)");
        }
        checkSpacing(r, robot);

        Integer status = parseInt(r.lower.get("status"));
        String jobGuid = r.lower.getOrDefault("jobguid", "").trim();
        String jobName = r.lower.getOrDefault("jobname", "");
        MutableJob job = null;
        if (status == null) {
            if (r.lower.containsKey("status")) {
                r.violation("heartbeat.status", "Status '" + r.lower.get("status") + "' is not a number");
            }
        } else if (status == 2) {
            if (!jobGuid.isEmpty() || !jobName.isEmpty()) {
                r.violation("heartbeat.ready-with-job", "Status 2 (Ready) with JobGUID '" + jobGuid + "' / JobName '"
                        + jobName + "'; both are empty while no job runs");
            }
        } else if (status == 3) {
            job = jobGuid.isEmpty() ? null : jobs.get(key(jobGuid));
            if (jobGuid.isEmpty()) {
                r.violation("heartbeat.working-without-job", "Status 3 (Working) with an empty JobGUID");
            } else if (job == null) {
                r.violation("heartbeat.unknown-job", "Status 3 (Working) for job " + jobGuid + ", which the fake never queued");
            } else if (job.consumedBy == null || robot == null || !key(job.consumedBy).equals(key(robot))) {
                r.violation("heartbeat.job-not-consumed", "Status 3 (Working) for job " + jobGuid
                        + ", which this robot has not consumed");
                job = null;
            } else if (job.sentFinal() != null) {
                r.violation("heartbeat.job-finished", "Status 3 (Working) for job " + jobGuid
                        + ", for which the robot already reported final status " + job.sentFinal());
                job = null;
            } else if (!jobName.equals(job.job.scriptName())) {
                r.violation("heartbeat.jobname", "JobName is '" + jobName + "' but the job's process version Name is '"
                        + job.job.scriptName() + "'");
            }
        } else {
            r.violation("heartbeat.status", "robot Status " + status + "; a robot only sends 2 (Ready) or 3 (Working)");
        }

        if (robot == null || !robots.contains(key(robot))) {
            return json(200, replies.heartbeat(101, "Robot not found", false, style, r.now));
        }
        int code = 0;
        String text = "";
        if (job != null) {
            code = commandFor(job, r.now);
            if (commit) {
                job.workingHeartbeats++;
            }
            text = code == 10 ? "Job abort requested" : code == 20 ? "Job stop requested" : "";
        }
        return json(200, replies.heartbeat(code, text, hasJobFor(robot), style, r.now));
    }

    /** 10, 20 or 0 for a Working heartbeat; triggers latch into the job's abort/stop request. */
    private static int commandFor(MutableJob job, Instant now) {
        FakeJob spec = job.job;
        Duration running = job.consumedAt == null ? Duration.ZERO : Duration.between(job.consumedAt, now);
        if (spec.abortAfter() != null && running.compareTo(spec.abortAfter()) >= 0
                || spec.abortAfterWorkingHeartbeats() != null && job.workingHeartbeats >= spec.abortAfterWorkingHeartbeats()) {
            job.abortRequested = true;
        }
        if (spec.stopAfter() != null && running.compareTo(spec.stopAfter()) >= 0
                || spec.stopAfterWorkingHeartbeats() != null && job.workingHeartbeats >= spec.stopAfterWorkingHeartbeats()) {
            job.stopRequested = true;
        }
        return job.abortRequested ? 10 : job.stopRequested ? 20 : 0;
    }

    private void checkSpacing(Request r, String robot) {
        String k = robot == null ? "" : key(robot);
        Instant previous = lastHeartbeat.put(k, r.now);
        Duration min = settings.minHeartbeatInterval();
        if (previous == null || min.isZero()) {
            return;
        }
        Duration gap = Duration.between(previous, r.now);
        if (gap.compareTo(min.minus(settings.heartbeatTolerance())) < 0) {
            r.violation("heartbeat.spacing", "heartbeat " + gap.toMillis() + " ms after the previous one of this robot;"
                    + " the minimum interval is " + min.toMillis() + " ms");
        }
    }

    private boolean hasJobFor(String robot) {
        return nextJobFor(robot) != null;
    }

    private MutableJob nextJobFor(String robot) {
        for (String k : queue) {
            MutableJob j = jobs.get(k);
            if (j.job.robotGuid() == null || key(j.job.robotGuid()).equals(key(robot))) {
                return j;
            }
        }
        return null;
    }

    // ---- consumeNextJob -----------------------------------------------------------------------

    private Outgoing consume(Request r, boolean commit) {
        requireFields(r, List.of("RobotGUID", "Status"));
        String status = r.lower.get("status");
        if (status != null && !"2".equals(status.trim())) {
            r.violation("consume.status", "consumeNextJob with Status '" + status + "'; a robot asking for a job is Ready (2)");
        }
        String robotField = r.lower.getOrDefault("robotguid", "");
        String robot = robotField.isBlank() ? r.authRobot : robotField;
        if (robot == null || !robots.contains(key(robot))) {
            return json(200, replies.consumeError(101, "Robot not found", style, r.now));
        }
        for (MutableJob j : jobs.values()) {
            if (j.consumedBy != null && key(j.consumedBy).equals(key(robot)) && j.sentFinal() == null
                    && j.sent.contains(JobStatus.IN_PROGRESS)) {
                r.violation("consume.job-unfinished", "consumeNextJob while job " + j.job.guid()
                        + " of this robot is In progress (8) with no final status");
            }
        }
        MutableJob next = nextJobFor(robot);
        if (next == null) {
            return json(200, replies.consumeError(102, "No new job found", style, r.now));
        }
        if (commit) {
            queue.remove(key(next.job.guid()));
            next.consumedBy = robot;
            next.consumedAt = r.now;
        }
        return json(200, replies.consumed(next.job, robot, style, r.now));
    }

    // ---- job/update ---------------------------------------------------------------------------

    private Outgoing update(Request r, boolean commit) {
        JobUpdateDialect dialect = settings.jobUpdateDialect();
        String method = r.in.method().toUpperCase(Locale.ROOT);
        boolean methodOk = dialect == JobUpdateDialect.ANY ? method.equals("PUT") || method.equals("POST")
                : method.equals(dialect == JobUpdateDialect.PUT_LOWERCASE ? "PUT" : "POST");
        if (!methodOk) {
            r.violation("method", method + " /api/job/update; expected "
                    + (dialect == JobUpdateDialect.ANY ? "PUT or POST" : dialect == JobUpdateDialect.PUT_LOWERCASE ? "PUT" : "POST"));
        }
        String guidName = dialect == JobUpdateDialect.POST_PASCALCASE ? "Guid" : "guid";
        String statusName = dialect == JobUpdateDialect.POST_PASCALCASE ? "Status" : "status";
        if (dialect == JobUpdateDialect.ANY) {
            requireFields(r, List.of("guid", "status"));
        } else {
            List<String> missing = new ArrayList<>();
            for (String n : List.of(guidName, statusName)) {
                if (!r.form.containsKey(n)) {
                    missing.add(n);
                }
            }
            if (!missing.isEmpty()) {
                r.violation("fields.missing", "missing form field(s) " + String.join(", ", missing)
                        + " (exact casing; present: " + String.join(", ", r.form.keySet()) + ")");
            }
        }
        String guid = r.lower.getOrDefault("guid", "").trim();
        Integer status = parseInt(r.lower.get("status"));
        MutableJob job = guid.isEmpty() ? null : jobs.get(key(guid));
        String robot = r.authRobot;

        if (status == null) {
            r.violation("update.status", "job status '" + r.lower.get("status") + "' is not a number");
        } else if (!ROBOT_JOB_STATUSES.contains(status)) {
            r.violation("update.status", "job status " + status + " (" + JobStatus.name(status)
                    + "); a robot reports 8, or a final 3, 4, 5 or 7");
        }
        if (job == null) {
            if (!guid.isEmpty()) {
                r.violation("update.unknown-job", "job update for " + guid + ", a job the fake never queued");
            }
        } else if (status != null) {
            boolean consumedByThisRobot = job.consumedBy != null && robot != null && key(job.consumedBy).equals(key(robot));
            // Transitions are judged on what the robot sent, committed or not: an update that a
            // fault swallowed was still sent, and the robot must not be blamed for its loss.
            Integer fin = job.sentFinal();
            if (job.consumedBy == null) {
                r.violation("update.before-consume", "status " + status + " for job " + guid + ", which nobody has consumed");
            } else if (!consumedByThisRobot && robot != null) {
                r.violation("update.other-robot", "status " + status + " for job " + guid + ", consumed by robot "
                        + shorten(job.consumedBy) + ", not by " + shorten(robot));
            }
            if (status == JobStatus.IN_PROGRESS) {
                if (fin != null) {
                    r.violation("update.after-final", "status 8 for job " + guid + " after its final status " + fin);
                }
            } else if (JobStatus.isFinal(status)) {
                if (fin != null && fin.intValue() != status) {
                    r.violation("update.second-final", "final status " + status + " for job " + guid
                            + ", which already has final status " + fin + " (a job has one final status)");
                } else if (fin == null && !job.sent.contains(JobStatus.IN_PROGRESS) && job.consumedBy != null) {
                    r.violation("update.final-before-8", "final status " + status + " for job " + guid
                            + " before status 8 (In progress)");
                }
            }
            job.sent.add(status);
            if (commit) {
                Integer last = job.history.isEmpty() ? null : job.history.get(job.history.size() - 1);
                if (last == null || last.intValue() != status) {
                    job.history.add(status);
                }
            }
        }
        return json(200, "[]");
    }

    // ---- helpers ------------------------------------------------------------------------------

    private MutableJob requireJob(String guid) {
        MutableJob j = jobs.get(key(guid));
        if (j == null) {
            throw new IllegalArgumentException("no job with GUID " + guid);
        }
        return j;
    }

    private static Outgoing json(int status, String body) {
        return new Outgoing(status, Map.of("Content-Type", "application/json; charset=utf-8"),
                body.getBytes(StandardCharsets.UTF_8), null, null);
    }

    private static Integer parseInt(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String truncate(String s) {
        return s.length() <= JOURNAL_BODY_LIMIT ? s : s.substring(0, JOURNAL_BODY_LIMIT) + "...(" + s.length() + " chars)";
    }

    /** GUIDs compare case-insensitively; surrounding braces and spaces are not significant. */
    static String key(String guid) {
        String g = guid.trim();
        if (g.startsWith("{") && g.endsWith("}")) {
            g = g.substring(1, g.length() - 1);
        }
        return g.toLowerCase(Locale.ROOT);
    }

    /** A GUID is a credential: never show it whole in a message. */
    static String shorten(String guid) {
        return guid.length() <= 8 ? guid : guid.substring(0, 8) + "…";
    }

    /** The per-request working set. */
    private final class Request {
        final long number;
        final Instant now;
        final Endpoint endpoint;
        final Incoming in;
        final Map<String, String> form;
        final Map<String, String> lower;
        final List<Violation> violations = new ArrayList<>();
        String authRobot;

        Request(long number, Instant now, Endpoint endpoint, Incoming in, Map<String, String> form,
                Map<String, String> lower) {
            this.number = number;
            this.now = now;
            this.endpoint = endpoint;
            this.in = in;
            this.form = form;
            this.lower = lower;
        }

        String robotGuid() {
            String f = lower.get("robotguid");
            return f != null && !f.isBlank() ? f : authRobot;
        }

        void violation(String rule, String message) {
            violations.add(new Violation(number, now, endpoint, robotGuid(), rule, message));
        }
    }

    private static final class MutableJob {
        final FakeJob job;
        String consumedBy;
        Instant consumedAt;
        final List<Integer> history = new ArrayList<>();
        /** Every status the robot sent for the job, whether or not a fault kept it from being recorded. */
        final List<Integer> sent = new ArrayList<>();
        boolean abortRequested;
        boolean stopRequested;
        int workingHeartbeats;

        MutableJob(FakeJob job) {
            this.job = job;
        }

        Integer sentFinal() {
            for (Integer s : sent) {
                if (JobStatus.isFinal(s)) {
                    return s;
                }
            }
            return null;
        }


        JobState snapshot() {
            return new JobState(job, consumedBy, consumedAt, history, abortRequested, stopRequested, workingHeartbeats);
        }
    }
}
