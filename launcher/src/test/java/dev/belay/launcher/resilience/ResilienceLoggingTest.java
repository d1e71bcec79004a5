package dev.belay.launcher.resilience;

import static dev.belay.client.Endpoint.CONSUME_NEXT_JOB;
import static dev.belay.client.Endpoint.HEARTBEAT;
import static dev.belay.client.Endpoint.UPDATE_JOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.belay.client.Heartbeat;
import dev.belay.client.JobStatus;
import dev.belay.client.RobotStatus;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Retries and waits are visible at DEBUG under one logger, and no request content reaches the log. */
class ResilienceLoggingTest {

    private static final String JOB_GUID = "6f1c2a9e-job-guid-not-for-logs";
    private static final String JOB_NAME = "invoices\\secret_script_name";

    private final Logger logger = (Logger) LoggerFactory.getLogger("dev.belay.launcher.resilience");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Level previousLevel;

    private final FakeClock clock = new FakeClock();
    private final ScriptedClient server = new ScriptedClient(clock);
    private final ResilientOrchestratorClient client = new ResilientOrchestratorClient(server,
            ResilienceConfig.defaults(), clock::nanoTime, new RecordingSleeper(clock), () -> 0.5, new ResilienceMetrics());

    @BeforeEach
    void capture() {
        previousLevel = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
        logger.setLevel(previousLevel);
    }

    @Test
    void retriesAndWaitsAreLoggedAtDebugWithoutRequestContent() {
        server.failThen(Failures.noReply(HEARTBEAT), Failures.http(UPDATE_JOB, 503), Failures.noReply(CONSUME_NEXT_JOB));

        client.heartbeat(Heartbeat.working("PC1", "10.0.0.2", "AA-BB-CC-DD-EE-FF", JOB_GUID, JOB_NAME));
        client.heartbeat(Heartbeat.working("PC1", "10.0.0.2", "AA-BB-CC-DD-EE-FF", JOB_GUID, JOB_NAME));
        client.updateJob(JOB_GUID, JobStatus.SUCCESS);
        assertThatThrownBy(() -> client.consumeNextJob(RobotStatus.READY));

        List<String> lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(appender.list).allSatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.DEBUG));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("heartbeat: attempt 1 failed, retryable: NO_REPLY"))
                .anySatisfy(l -> assertThat(l).startsWith("heartbeat: waited"))
                .anySatisfy(l -> assertThat(l).startsWith("updateJob: attempt 2 in"))
                .anySatisfy(l -> assertThat(l).startsWith("consumeNextJob: not retried: NO_REPLY"));
        assertThat(lines).noneSatisfy(l -> assertThat(l).containsAnyOf(JOB_GUID, JOB_NAME, "AA-BB-CC-DD-EE-FF"));
    }
}
