package dev.belay.testkit.fake;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;

import static dev.belay.testkit.fake.FakeOrchestratorAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** The fake's answers and state, driven with raw HTTP requests. */
class FakeOrchestratorTest {

    static final String ROBOT = "6f1c2a3b-1111-4222-8333-944455556666";
    static final MutableClock CLOCK = new MutableClock();

    @RegisterExtension
    static FakeOrchestratorExtension ext = FakeOrchestratorExtension.with(FakeOrchestrator.builder()
            .robot(ROBOT).minHeartbeatInterval(Duration.ofSeconds(1)).heartbeatTolerance(Duration.ZERO).clock(CLOCK));

    FakeOrchestrator fake;
    RawRobot robot;

    @BeforeEach
    void setUp(FakeOrchestrator orchestrator) {
        fake = orchestrator;
        robot = new RawRobot(fake.baseUrl(), ROBOT);
    }

    /** Heartbeats spaced by the minimum interval on the fake's clock. */
    JsonNode heartbeat() {
        CLOCK.advance(Duration.ofSeconds(1));
        return robot.heartbeat();
    }

    JsonNode working(String job, String name) {
        CLOCK.advance(Duration.ofSeconds(1));
        return robot.working(job, name);
    }

    @Test
    void emptyQueueHeartbeatSaysNoNewJob() {
        JsonNode hb = heartbeat();
        assertThat(hb.get("HeartbeatErrorCode").asInt()).isZero();
        assertThat(hb.get("ErrorText").asText()).isEmpty();
        assertThat(hb.get("HasNewJob").asInt()).isZero();
        assertThat(hb.size()).isEqualTo(3);
        assertThat(fake).hasNoViolations();
    }

    @Test
    void completesAJobWithInnerObjectsAsJsonStrings() {
        String job = fake.enqueue(FakeJob.builder("invoices\\load_invoices").task("{\"Invoice\": 42}").build());

        assertThat(heartbeat().get("HasNewJob").asInt()).isEqualTo(1);
        JsonNode consumed = robot.consume();
        assertThat(consumed.get("ConsumeJobErrorCode").asInt()).isZero();
        assertThat(consumed.get("Job").isTextual()).isTrue();
        assertThat(consumed.get("ProcessVersion").isTextual()).isTrue();
        assertThat(consumed.get("Task").isTextual()).isTrue();
        assertThat(RawRobot.inner(consumed, "Job").get("GUID").asText()).isEqualTo(job);
        assertThat(RawRobot.inner(consumed, "ProcessVersion").get("Name").asText()).isEqualTo("invoices\\load_invoices");
        assertThat(consumed.get("Task").asText()).isEqualTo("{\"Invoice\": 42}");

        HttpResponse<String> started = robot.update(job, 8);
        assertThat(started.statusCode()).isEqualTo(200);
        assertThat(started.body()).isEqualTo("[]");
        assertThat(working(job, "invoices\\load_invoices").get("HeartbeatErrorCode").asInt()).isZero();
        assertThat(robot.update(job, 4).statusCode()).isEqualTo(200);
        assertThat(heartbeat().get("HasNewJob").asInt()).isZero();

        assertThat(fake).hasNoViolations();
        assertThat(fake).job(job).wasConsumedBy(ROBOT).hasStatusHistory(8, 4).hasFinalStatus(4);
        assertThat(fake).consumeRequests().hasSize(1);
        assertThat(fake).heartbeats().hasSize(3).haveMinimumGap(Duration.ofSeconds(1));
        assertThat(fake).allJobsFinished();
    }

    @Test
    void emptyQueueConsumeAnswers102AndUnknownRobotAnswers101() {
        assertThat(robot.consume().get("ConsumeJobErrorCode").asInt()).isEqualTo(102);

        RawRobot stranger = new RawRobot(fake.baseUrl(), "00000000-dead-beef-0000-000000000000");
        fake.enqueue("a");
        assertThat(stranger.heartbeat().get("HeartbeatErrorCode").asInt()).isEqualTo(101);
        assertThat(stranger.consume().get("ConsumeJobErrorCode").asInt()).isEqualTo(101);
        assertThat(fake.queuedJobs()).isEqualTo(1);
        assertThat(fake).hasNoViolations();
    }

    @Test
    void unregisteredRobotGets101FromThenOn() {
        heartbeat();
        fake.unregisterRobot(ROBOT);
        assertThat(heartbeat().get("HeartbeatErrorCode").asInt()).isEqualTo(101);
    }

    @Test
    void jobForAnotherRobotIsNotOffered() {
        fake.enqueue(FakeJob.builder("x").forRobot("11111111-2222-3333-4444-555555555555").build());
        assertThat(heartbeat().get("HasNewJob").asInt()).isZero();
        assertThat(robot.consume().get("ConsumeJobErrorCode").asInt()).isEqualTo(102);
    }

    @Test
    void replyVariantsEmbeddedObjectsLowercaseKeysExtraFields() {
        fake.replyStyle(ReplyStyle.defaults().withInnerObjects(ReplyStyle.InnerObjects.EMBEDDED_OBJECTS)
                .withLowercaseInnerKeys(true).withExtraFields(true));
        String job = fake.enqueue(FakeJob.builder("s").task("{\"a\":[1,2]}").build());
        JsonNode c = robot.consume();
        assertThat(c.get("Job").isObject()).isTrue();
        assertThat(c.get("Job").get("guid").asText()).isEqualTo(job);
        assertThat(c.get("ProcessVersion").get("name").asText()).isEqualTo("s");
        assertThat(c.get("Task").get("a").size()).isEqualTo(2);
        assertThat(c.has("ServerTime")).isTrue();
        assertThat(c.get("Job").has("Unexpected")).isTrue();
        assertThat(heartbeat().has("ServerTime")).isTrue();
    }

    @Test
    void absentTaskIsSentAsNullEmptyStringOrNotAtAll() {
        fake.enqueue("a");
        assertThat(robot.consume().get("Task").isNull()).isTrue();

        fake.replyStyle(ReplyStyle.defaults().withAbsentTask(ReplyStyle.AbsentTask.EMPTY_STRING));
        fake.enqueue("b");
        assertThat(robot.consume().get("Task").asText()).isEmpty();

        fake.replyStyle(ReplyStyle.defaults().withAbsentTask(ReplyStyle.AbsentTask.MISSING));
        fake.enqueue("c");
        JsonNode c = robot.consume();
        assertThat(c.has("Task")).isFalse();
        assertThat(c.get("ConsumeJobErrorCode").asInt()).isZero();
    }

    @Test
    void requestedAbortAnswers10UntilTheJobHasAFinalStatus() {
        String job = fake.enqueue("long");
        robot.consume();
        robot.update(job, 8);
        assertThat(working(job, "long").get("HeartbeatErrorCode").asInt()).isZero();

        fake.requestAbort(job);
        assertThat(working(job, "long").get("HeartbeatErrorCode").asInt()).isEqualTo(10);
        assertThat(working(job, "long").get("HeartbeatErrorCode").asInt()).isEqualTo(10);
        robot.update(job, 3);
        assertThat(heartbeat().get("HeartbeatErrorCode").asInt()).isZero();
        assertThat(fake).hasNoViolations().job(job).hasStatusHistory(8, 3);
    }

    @Test
    void requestedStopAnswers20AndAbortTakesPrecedence() {
        String job = fake.enqueue("long");
        robot.consume();
        robot.update(job, 8);
        fake.requestStop(job);
        assertThat(working(job, "long").get("HeartbeatErrorCode").asInt()).isEqualTo(20);
        fake.requestAbort(job);
        assertThat(working(job, "long").get("HeartbeatErrorCode").asInt()).isEqualTo(10);
    }

    @Test
    void stopAfterNWorkingHeartbeatsAnswersNormallyNTimesFirst() {
        String job = fake.enqueue(FakeJob.builder("s").stopAfterWorkingHeartbeats(2).build());
        robot.consume();
        robot.update(job, 8);
        assertThat(working(job, "s").get("HeartbeatErrorCode").asInt()).isZero();
        assertThat(working(job, "s").get("HeartbeatErrorCode").asInt()).isZero();
        assertThat(working(job, "s").get("HeartbeatErrorCode").asInt()).isEqualTo(20);
        assertThat(fake.job(job).orElseThrow().stopRequested()).isTrue();
    }

    @Test
    void abortAfterADelayCountsFromConsume() {
        String job = fake.enqueue(FakeJob.builder("s").abortAfter(Duration.ofSeconds(5)).build());
        robot.consume();
        robot.update(job, 8);
        assertThat(working(job, "s").get("HeartbeatErrorCode").asInt()).isZero(); // 1 s after consume
        CLOCK.advance(Duration.ofSeconds(3));
        assertThat(working(job, "s").get("HeartbeatErrorCode").asInt()).isEqualTo(10); // 5 s after consume
    }

    @Test
    void journalRecordsEndpointRobotFieldsAndReply() {
        heartbeat();
        JournalEntry e = fake.journal().get(0);
        assertThat(e.number()).isEqualTo(1);
        assertThat(e.endpoint()).isEqualTo(Endpoint.HEARTBEAT);
        assertThat(e.method()).isEqualTo("POST");
        assertThat(e.robotGuid()).isEqualTo(ROBOT);
        assertThat(e.field("jobtype")).contains("1");
        assertThat(e.reply().status()).isEqualTo(200);
        assertThat(e.reply().body()).contains("\"HasNewJob\":0");
        assertThat(e.reply().committed()).isTrue();
        assertThat(e.time()).isEqualTo(CLOCK.instant());
        assertThat(e.toLogLine()).contains("POST /api/robot/heartbeat", "robot=6f1c2a3b").doesNotContain(ROBOT);
    }

    @Test
    void resetForgetsJobsJournalAndFaults() {
        fake.enqueue("a");
        fake.inject(When.anyRequest(), FakeFault.httpError(500));
        heartbeat();
        fake.reset();
        assertThat(fake.jobs()).isEmpty();
        assertThat(fake.journal()).isEmpty();
        assertThat(heartbeat().get("HeartbeatErrorCode").asInt()).isZero();
    }

    @Test
    void awaitRequestReturnsWhenAMatchingRequestArrivesFromAnotherThread() throws Exception {
        String job = fake.enqueue("s");
        Thread robotThread = new Thread(() -> {
            robot.consume();
            robot.update(job, 8);
            robot.update(job, 5);
        });
        robotThread.start();
        JournalEntry started = fake.awaitRequest(e -> e.status().orElse(-1) == 8, Duration.ofSeconds(30));
        assertThat(started.endpoint()).isEqualTo(Endpoint.JOB_UPDATE);
        assertThat(fake.awaitFinalStatus(job, Duration.ofSeconds(30))).isEqualTo(JobStatus.FAILED);
        robotThread.join();
    }

    @Test
    void awaitRequestTimesOutSayingHowManyRequestsCameIn() {
        heartbeat();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> fake.awaitRequest(e -> e.endpoint() == Endpoint.CONSUME_NEXT_JOB, Duration.ofMillis(50)))
                .isInstanceOf(java.util.concurrent.TimeoutException.class)
                .hasMessageContaining("1 request(s) journaled");
    }

    @Test
    void rawInnerTextReplacesTheFakesOwnJobAndProcessVersion() {
        String job = fake.enqueue(FakeJob.builder("s").rawJob("{\"guid\": 42, \"GUID\": null").rawProcessVersion("[]").build());
        JsonNode c = robot.consume();
        assertThat(c.get("Job").asText()).isEqualTo("{\"guid\": 42, \"GUID\": null");
        assertThat(c.get("ProcessVersion").asText()).isEqualTo("[]");
        assertThat(fake).job(job).wasConsumedBy(ROBOT);

        fake.replyStyle(ReplyStyle.defaults().withInnerObjects(ReplyStyle.InnerObjects.EMBEDDED_OBJECTS));
        fake.enqueue(FakeJob.builder("s").rawJob("not json").rawProcessVersion("{\"Name\": [1]}").build());
        JsonNode e = robot.consume();
        assertThat(e.get("Job").asText()).isEqualTo("not json");
        assertThat(e.get("ProcessVersion").get("Name").isArray()).isTrue();
    }
}
