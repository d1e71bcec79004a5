package dev.belay.testkit.fake;

import com.github.tomakehurst.wiremock.http.Fault;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;

import static dev.belay.testkit.fake.FakeOrchestratorAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Faults per endpoint and request number, before or after commit, outages, stop and start. */
class FaultInjectionTest {

    static final String ROBOT = "fa171000-0000-4000-8000-000000000001";

    @RegisterExtension
    static FakeOrchestratorExtension ext = FakeOrchestratorExtension.with(FakeOrchestrator.builder()
            .robot(ROBOT).minHeartbeatInterval(Duration.ZERO));

    FakeOrchestrator fake;
    RawRobot robot;

    @BeforeEach
    void setUp(FakeOrchestrator orchestrator) {
        fake = orchestrator;
        robot = new RawRobot(fake.baseUrl(), ROBOT);
    }

    private IOException consumeFails() {
        IOException[] caught = new IOException[1];
        assertThatThrownBy(() -> {
            try {
                robot.trySend("POST", "/api/robot/consumeNextJob", RawRobot.form("RobotGUID", ROBOT, "Status", "2"));
            } catch (IOException e) {
                caught[0] = e;
                throw e;
            }
        }).isInstanceOf(IOException.class);
        return caught[0];
    }

    @Test
    void commitThenLoseReplyOnTheSecondConsumeConsumesTheJobButResetsTheConnection() {
        String first = fake.enqueue("a");
        String second = fake.enqueue("b");
        FaultRule rule = fake.inject(When.consumeNextJob().nth(2), FakeFault.commitThenLoseReply());

        assertThat(robot.consume().get("ConsumeJobErrorCode").asInt()).isZero();
        consumeFails();
        assertThat(robot.consume().get("ConsumeJobErrorCode").asInt()).isEqualTo(102);

        assertThat(fake).job(first).wasConsumedBy(ROBOT);
        assertThat(fake).job(second).wasConsumedBy(ROBOT);
        assertThat(rule.hits()).isEqualTo(1);
        assertThat(rule.exhausted()).isTrue();
        JournalEntry lost = fake.journal().get(1);
        assertThat(lost.reply().fault()).contains("CONNECTION_RESET_BY_PEER").contains("(committed)");
        assertThat(lost.reply().committed()).isTrue();
        assertThat(lost.reply().status()).isZero();
        assertThat(fake).consumeRequests().hasSize(3).faulted().hasSize(1);
    }

    @Test
    void resetBeforeCommitLeavesTheJobQueued() {
        String job = fake.enqueue("a");
        fake.inject(When.consumeNextJob().nth(1), FakeFault.connectionReset());
        consumeFails();
        assertThat(fake).job(job).wasNotConsumed();
        assertThat(fake.journal().get(0).reply().committed()).isFalse();
        assertThat(robot.consume().get("ConsumeJobErrorCode").asInt()).isZero();
    }

    @Test
    void commitThenLoseReplyOnJobUpdateRecordsTheStatus() {
        String job = fake.enqueue("a");
        robot.consume();
        robot.update(job, 8);
        fake.inject(When.jobUpdate().withStatus(4).nth(1), FakeFault.commitThenLoseReply());
        assertThatThrownBy(() -> robot.trySend("PUT", "/api/job/update", RawRobot.form("guid", job, "status", "4")))
                .isInstanceOf(IOException.class);
        assertThat(fake).job(job).hasStatusHistory(8, 4);
        assertThat(robot.update(job, 4).statusCode()).isEqualTo(200); // the retry is harmless
        assertThat(fake).hasNoViolations().job(job).hasStatusHistory(8, 4);
        assertThat(fake).jobUpdates().withStatus(4).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void everyWireMockFaultBreaksTheReplyAndIsJournaled(Fault fault) {
        fake.inject(When.heartbeat().nth(1), FakeFault.wire(fault));
        assertThatThrownBy(() -> robot.trySend("POST", "/api/robot/heartbeat", robot.readyHeartbeat()))
                .isInstanceOf(IOException.class);
        assertThat(fake.journal()).hasSize(1);
        assertThat(fake.journal().get(0).reply().fault()).startsWith(fault.name());
        assertThat(robot.heartbeat().get("HeartbeatErrorCode").asInt()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void httpErrorsComeWithABodyAndHaveNoEffect(int status) {
        String job = fake.enqueue("a");
        fake.inject(When.consumeNextJob(), FakeFault.httpError(status));
        HttpResponse<String> r = robot.send("POST", "/api/robot/consumeNextJob", RawRobot.form("RobotGUID", ROBOT, "Status", "2"));
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.body()).contains("An error has occurred");
        assertThat(fake).job(job).wasNotConsumed();
    }

    @Test
    void htmlErrorPageIsServedAsHtml() {
        fake.inject(When.heartbeat(), FakeFault.htmlPage(502));
        HttpResponse<String> r = robot.send("POST", "/api/robot/heartbeat", robot.readyHeartbeat());
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/html"));
        assertThat(r.body()).contains("<html>");
    }

    @Test
    void tooManyRequestsCarriesRetryAfterInSeconds() {
        fake.inject(When.heartbeat().next(2), FakeFault.tooManyRequests(Duration.ofMillis(1500)));
        HttpResponse<String> r = robot.send("POST", "/api/robot/heartbeat", robot.readyHeartbeat());
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).contains("2");
        assertThat(robot.send("POST", "/api/robot/heartbeat", robot.readyHeartbeat()).statusCode()).isEqualTo(429);
        assertThat(robot.send("POST", "/api/robot/heartbeat", robot.readyHeartbeat()).statusCode()).isEqualTo(200);
    }

    @Test
    void garbageJsonIsA200ThatDoesNotParse() {
        fake.inject(When.heartbeat(), FakeFault.garbageJson());
        HttpResponse<String> r = robot.send("POST", "/api/robot/heartbeat", robot.readyHeartbeat());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> RawRobot.json(r)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void delayedReplyIsJournaledAndCommittedBeforeTheClientGivesUp() throws Exception {
        String job = fake.enqueue("a");
        fake.inject(When.consumeNextJob(), FakeFault.delay(Duration.ofSeconds(2)));
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        java.net.http.HttpRequest req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(fake.baseUrl() + "/api/robot/consumeNextJob"))
                .timeout(Duration.ofMillis(300))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", fake.authorizationFor(ROBOT))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("RobotGUID=" + ROBOT + "&Status=2")).build();
        assertThatThrownBy(() -> client.send(req, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(fake.journal()).hasSize(1);
        assertThat(fake.journal().get(0).reply().fault()).contains("after 2000 ms");
        assertThat(fake).job(job).wasConsumedBy(ROBOT);
    }

    @Test
    void customReplyAfterCommitStandsInForTheConsumeReply() {
        String job = fake.enqueue("a");
        fake.inject(When.consumeNextJob(), FakeFault.reply("{\"ConsumeJobErrorCode\":0,\"Job\":\"{not json\"}").afterCommit());
        HttpResponse<String> r = robot.send("POST", "/api/robot/consumeNextJob", RawRobot.form("RobotGUID", ROBOT, "Status", "2"));
        assertThat(r.body()).isEqualTo("{\"ConsumeJobErrorCode\":0,\"Job\":\"{not json\"}");
        assertThat(fake).job(job).wasConsumed();
    }

    @Test
    void faultsCanSelectWorkingHeartbeatsOnly() {
        String job = fake.enqueue("s");
        robot.consume();
        robot.update(job, 8);
        fake.inject(When.heartbeat().working(), FakeFault.httpError(503));
        assertThat(robot.send("POST", "/api/robot/heartbeat", robot.readyHeartbeat()).statusCode()).isEqualTo(200);
        assertThat(robot.send("POST", "/api/robot/heartbeat", robot.workingHeartbeat(job, "s")).statusCode()).isEqualTo(503);
        assertThat(fake.job(job).orElseThrow().workingHeartbeats()).isZero(); // the failed one had no effect
    }

    @Test
    void outageResetsEveryRequestUntilSwitchedOff() {
        fake.enqueue("a");
        fake.outage(true);
        consumeFails();
        assertThatThrownBy(() -> robot.trySend("POST", "/api/robot/heartbeat", robot.readyHeartbeat()))
                .isInstanceOf(IOException.class);
        fake.outage(false);
        assertThat(robot.consume().get("ConsumeJobErrorCode").asInt()).isZero();
        List<JournalEntry> j = fake.journal();
        assertThat(j).hasSize(3);
        assertThat(j.get(0).reply().fault()).startsWith("outage");
    }

    @Test
    void stopRefusesConnectionsAndStartServesTheSameStateOnTheSamePort() {
        String job = fake.enqueue("a");
        robot.heartbeat();
        int port = fake.port();
        fake.stop();
        assertThatThrownBy(() -> robot.trySend("POST", "/api/robot/heartbeat", robot.readyHeartbeat()))
                .isInstanceOf(ConnectException.class);
        fake.start();
        assertThat(fake.port()).isEqualTo(port);
        assertThat(robot.heartbeat().get("HasNewJob").asInt()).isEqualTo(1);
        assertThat(fake.journal()).hasSize(2);
        assertThat(fake.job(job)).isPresent();
    }

    @Test
    void cancelledRuleNoLongerHits() {
        FaultRule rule = fake.inject(When.anyRequest(), FakeFault.httpError(500));
        assertThat(robot.send("POST", "/api/robot/heartbeat", robot.readyHeartbeat()).statusCode()).isEqualTo(500);
        rule.cancel();
        assertThat(robot.send("POST", "/api/robot/heartbeat", robot.readyHeartbeat()).statusCode()).isEqualTo(200);
    }

    @Test
    void anUpdateAFaultSwallowedStillCountsAsSentForTheTransitionRules() {
        String job = fake.enqueue("a");
        robot.consume();
        fake.inject(When.jobUpdate().withStatus(8), FakeFault.httpError(503));
        assertThat(robot.update(job, 8).statusCode()).isEqualTo(503);
        robot.update(job, 4);
        assertThat(fake).hasNoViolations().job(job).hasStatusHistory(4);
    }
}
