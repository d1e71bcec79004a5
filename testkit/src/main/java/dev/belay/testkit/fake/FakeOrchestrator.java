package dev.belay.testkit.fake;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.belay.testkit.fake.internal.Engine;
import dev.belay.testkit.fake.internal.ProtocolTransformer;
import dev.belay.testkit.fake.internal.Settings;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A stateful fake of the orchestrator's robot API (PROTOCOL.md) on one WireMock server: it queues
 * jobs, answers heartbeats, consumeNextJob and job updates exactly as the protocol describes,
 * checks every request against the protocol, injects faults, and journals everything.
 *
 * <pre>{@code
 * FakeOrchestrator fake = FakeOrchestrator.builder().robot(robotGuid)
 *         .minHeartbeatInterval(Duration.ofMillis(200)).build().start();
 * String job = fake.enqueue(FakeJob.builder("invoices\\load").task("{\"n\":1}").build());
 * fake.inject(When.consumeNextJob().nth(1), FakeFault.commitThenLoseReply());
 * // ... run the robot against fake.baseUrl() ...
 * FakeOrchestratorAssert.assertThat(fake).hasNoViolations().job(job).hasStatusHistory(8, 4);
 * fake.stop();
 * }</pre>
 *
 * <p>Thread-safe: robots may call it concurrently and tests may read the journal while it runs.
 * State (robots, jobs, journal, violations, faults) survives {@link #stop()}/{@link #start()};
 * {@link #reset()} returns to the built configuration.
 */
public final class FakeOrchestrator implements AutoCloseable {

    private final Engine engine;
    private final ProtocolTransformer transformer;
    private final String bindAddress;
    private final Settings settings;
    private final LocalhostCertificate certificate;
    private volatile int port;
    private volatile int httpsPort;
    private WireMockServer server;

    private FakeOrchestrator(Builder b) {
        this.settings = new Settings(Set.copyOf(b.robots), b.authScheme, b.minHeartbeatInterval, b.heartbeatTolerance,
                b.jobUpdateDialect, b.replyStyle, b.clock, b.listener);
        this.engine = new Engine(settings);
        this.transformer = new ProtocolTransformer(engine);
        this.port = b.port;
        this.bindAddress = b.bindAddress;
        this.certificate = b.certificate;
        this.httpsPort = b.httpsPort;
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---- lifecycle ----------------------------------------------------------------------------

    /**
     * Starts serving; the first start takes the configured port (0 = any free one), every later
     * start the same port again, so a robot can be pointed at a fake that goes away and comes back.
     */
    public synchronized FakeOrchestrator start() {
        if (server != null && server.isRunning()) {
            return this;
        }
        WireMockConfiguration options = WireMockConfiguration.options()
                .port(port)
                .bindAddress(bindAddress)
                .extensions(transformer)
                .disableRequestJournal() // ours is the journal; WireMock's would keep every body twice
                .gzipDisabled(true)
                .http2PlainDisabled(true) // real orchestrators (IIS, nginx) do not upgrade to h2c
                .jettyStopTimeout(0L) // stop() is an outage, not a graceful drain: and it is fast
                .notifier(new Slf4jNotifier(false));
        if (certificate != null) {
            options.httpsPort(httpsPort)
                    .keystorePath(certificate.keystore().toString())
                    .keystoreType("PKCS12")
                    .keystorePassword(certificate.password())
                    .keyManagerPassword(certificate.password());
        }
        WireMockServer s = new WireMockServer(options);
        // The catch-all stub goes in before the port opens: a robot retrying against a restarted
        // fake must never meet WireMock's own "no stub matched" 404.
        s.stubFor(WireMock.any(WireMock.anyUrl())
                .willReturn(WireMock.aResponse().withTransformers(ProtocolTransformer.NAME)));
        s.start();
        server = s;
        port = s.port();
        if (certificate != null) {
            httpsPort = s.httpsPort();
        }
        return this;
    }

    /** Stops serving (connections are refused); state and port are kept for {@link #start()}. */
    public synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    public synchronized boolean isRunning() {
        return server != null && server.isRunning();
    }

    @Override
    public void close() {
        stop();
    }

    /** Forgets jobs, journal, violations, faults and robots added later; keeps the port. */
    public void reset() {
        engine.reset();
    }

    /** The port, once started (it stays the same across stop/start). */
    public int port() {
        if (port == 0) {
            throw new IllegalStateException("not started yet");
        }
        return port;
    }

    /** {@code http://localhost:<port>}: what a robot is pointed at. */
    public String baseUrl() {
        return "http://localhost:" + port();
    }

    /**
     * {@code https://localhost:<httpsPort>}, served with the certificate given to
     * {@link Builder#https(LocalhostCertificate)} (same journal, same state as plain HTTP).
     */
    public String httpsBaseUrl() {
        if (certificate == null) {
            throw new IllegalStateException("HTTPS is not configured: use builder().https(certificate)");
        }
        if (httpsPort == 0) {
            throw new IllegalStateException("not started yet");
        }
        return "https://localhost:" + httpsPort;
    }

    // ---- robots and jobs ----------------------------------------------------------------------

    public FakeOrchestrator registerRobot(String robotGuid) {
        engine.registerRobot(robotGuid);
        return this;
    }

    /** From now on the robot gets code 101 on heartbeat and consumeNextJob. */
    public FakeOrchestrator unregisterRobot(String robotGuid) {
        engine.unregisterRobot(robotGuid);
        return this;
    }

    /** Queues a job (FIFO); returns its GUID. */
    public String enqueue(FakeJob job) {
        engine.enqueue(job);
        return job.guid();
    }

    /** Queues a job for this script with no Task; returns its GUID. */
    public String enqueue(String scriptName) {
        return enqueue(FakeJob.of(scriptName));
    }

    /**
     * From now on every Working heartbeat for this job is answered with HeartbeatErrorCode 10,
     * until the job has a final status. A queued job gets it on its first Working heartbeat.
     */
    public void requestAbort(String jobGuid) {
        engine.requestAbort(jobGuid);
    }

    /** As {@link #requestAbort}, with code 20 (graceful stop); a pending abort takes precedence. */
    public void requestStop(String jobGuid) {
        engine.requestStop(jobGuid);
    }

    public List<JobState> jobs() {
        return engine.jobs();
    }

    public Optional<JobState> job(String jobGuid) {
        return engine.job(jobGuid);
    }

    /** Jobs not consumed yet. */
    public int queuedJobs() {
        return engine.queuedJobs();
    }

    // ---- faults and reply shapes --------------------------------------------------------------

    /** Applies {@code fault} to the requests {@code when} selects; the first matching rule wins. */
    public FaultRule inject(When when, FakeFault fault) {
        return engine.inject(Objects.requireNonNull(when), Objects.requireNonNull(fault));
    }

    public void clearFaults() {
        engine.clearFaults();
    }

    /**
     * While on, every request is answered with a connection reset and has no effect (it is still
     * journaled). For "nothing listens at all", use {@link #stop()}.
     */
    public void outage(boolean on) {
        engine.outage(on);
    }

    public void replyStyle(ReplyStyle style) {
        engine.replyStyle(Objects.requireNonNull(style));
    }

    public ReplyStyle replyStyle() {
        return engine.replyStyle();
    }

    // ---- what happened ------------------------------------------------------------------------

    /** Every request so far, in arrival order (a snapshot; safe to call while robots run). */
    public List<JournalEntry> journal() {
        return engine.journal();
    }

    public List<JournalEntry> journal(Endpoint endpoint) {
        List<JournalEntry> out = new ArrayList<>();
        for (JournalEntry e : engine.journal()) {
            if (e.endpoint() == endpoint) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Waits until a request matching {@code match} has arrived (it may already have): for tests
     * that act on the robot's progress, e.g. request a stop once the job's first Working heartbeat
     * is in, without sleeping. Returns that request.
     *
     * @throws TimeoutException if none arrives in time (the message says how many did)
     */
    public JournalEntry awaitRequest(Predicate<JournalEntry> match, Duration timeout)
            throws InterruptedException, TimeoutException {
        return engine.awaitRequest(match, timeout);
    }

    /** Waits until a robot reports a final status for the job; returns that status. */
    public int awaitFinalStatus(String jobGuid, Duration timeout) throws InterruptedException, TimeoutException {
        awaitRequest(e -> e.endpoint() == Endpoint.JOB_UPDATE && e.reply().committed()
                && e.jobGuid().map(jobGuid::equalsIgnoreCase).orElse(false)
                && e.status().map(JobStatus::isFinal).orElse(false), timeout);
        return job(jobGuid).flatMap(JobState::finalStatus).orElseThrow();
    }

    public List<Violation> violations() {
        return engine.violations();
    }

    /** The Authorization header value a robot with this GUID must send under the configured scheme. */
    public String authorizationFor(String robotGuid) {
        String word = settings.authScheme() == AuthScheme.BEARER ? "Bearer" : "Basic";
        return word + " " + Base64.getEncoder().encodeToString(robotGuid.getBytes(StandardCharsets.UTF_8));
    }

    public Duration minHeartbeatInterval() {
        return settings.minHeartbeatInterval();
    }

    /** Configuration of a fake; every setting has a default that follows PROTOCOL.md. */
    public static final class Builder {
        private final Set<String> robots = new LinkedHashSet<>();
        private int port;
        private String bindAddress = "127.0.0.1";
        private AuthScheme authScheme = AuthScheme.BASIC;
        private Duration minHeartbeatInterval = Duration.ofSeconds(10);
        private Duration heartbeatTolerance = Duration.ofMillis(50);
        private JobUpdateDialect jobUpdateDialect = JobUpdateDialect.PUT_LOWERCASE;
        private ReplyStyle replyStyle = ReplyStyle.defaults();
        private Clock clock = Clock.systemUTC();
        private Consumer<JournalEntry> listener;
        private LocalhostCertificate certificate;
        private int httpsPort;

        private Builder() {
        }

        /** A registered robot; reset keeps it. */
        public Builder robot(String guid) {
            robots.add(Objects.requireNonNull(guid));
            return this;
        }

        /** Registered robots; reset keeps them. */
        public Builder robots(Iterable<String> guids) {
            guids.forEach(this::robot);
            return this;
        }

        /**
         * Also serve HTTPS with this certificate (see {@link LocalhostCertificate#generate}), on
         * {@code httpsPort} (0: a free port, kept across stop/start).
         */
        public Builder https(LocalhostCertificate value, int httpsPort) {
            this.certificate = Objects.requireNonNull(value);
            this.httpsPort = httpsPort;
            return this;
        }

        public Builder https(LocalhostCertificate value) {
            return https(value, 0);
        }

        /** 0 (default): a free port, chosen at the first start. */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /** Default 127.0.0.1; "0.0.0.0" to let a robot on another machine in. */
        public Builder bindAddress(String value) {
            this.bindAddress = Objects.requireNonNull(value);
            return this;
        }

        public Builder authScheme(AuthScheme value) {
            this.authScheme = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Two heartbeats of one robot arriving closer than this are a violation (default 10 s, the
         * protocol's recommendation; {@link Duration#ZERO} turns the check off). Every heartbeat that
         * arrives counts, whether or not a fault hit it: retries must respect the spacing too.
         */
        public Builder minHeartbeatInterval(Duration value) {
            this.minHeartbeatInterval = requireNonNegative(value);
            return this;
        }

        /**
         * Slack for the spacing check (default 50 ms): the fake measures arrival times, which vary by
         * network and scheduling jitter from the times the robot sent the requests.
         */
        public Builder heartbeatTolerance(Duration value) {
            this.heartbeatTolerance = requireNonNegative(value);
            return this;
        }

        public Builder jobUpdateDialect(JobUpdateDialect value) {
            this.jobUpdateDialect = Objects.requireNonNull(value);
            return this;
        }

        /** The reply shape after start and after every reset. */
        public Builder replyStyle(ReplyStyle value) {
            this.replyStyle = Objects.requireNonNull(value);
            return this;
        }

        /** The clock for journal times, heartbeat spacing and "abort after a delay". */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value);
            return this;
        }

        /** Called on the serving thread after each request is journaled (e.g. to print it). */
        public Builder onRequest(Consumer<JournalEntry> value) {
            this.listener = value;
            return this;
        }

        public FakeOrchestrator build() {
            return new FakeOrchestrator(this);
        }

        private static Duration requireNonNegative(Duration d) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("negative duration: " + d);
            }
            return d;
        }
    }

    /** A fresh random robot GUID, for tests that need one. */
    public static String newRobotGuid() {
        return UUID.randomUUID().toString();
    }
}
