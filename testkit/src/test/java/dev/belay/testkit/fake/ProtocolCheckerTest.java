package dev.belay.testkit.fake;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static dev.belay.testkit.fake.FakeOrchestratorAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** Seeded protocol violations, each reported with a readable message. */
class ProtocolCheckerTest {

    static final String ROBOT = "0a1b2c3d-0000-4000-8000-000000000001";
    static final MutableClock CLOCK = new MutableClock();

    @RegisterExtension
    static FakeOrchestratorExtension ext = FakeOrchestratorExtension.with(FakeOrchestrator.builder()
            .robot(ROBOT).minHeartbeatInterval(Duration.ofSeconds(10)).heartbeatTolerance(Duration.ZERO).clock(CLOCK));

    FakeOrchestrator fake;
    RawRobot robot;

    @BeforeEach
    void setUp(FakeOrchestrator orchestrator) {
        fake = orchestrator;
        robot = new RawRobot(fake.baseUrl(), ROBOT);
        CLOCK.advance(Duration.ofMinutes(1));
    }

    private Violation onlyViolation() {
        assertThat(fake.violations()).hasSize(1);
        return fake.violations().get(0);
    }

    @Test
    void missingAuthorizationIsReported() {
        robot.authorization = null;
        robot.heartbeat();
        Violation v = onlyViolation();
        assertThat(v.rule()).isEqualTo("auth.missing");
        assertThat(v.message()).contains("no Authorization header", "Basic base64(robot GUID)");
        assertThat(v.requestNumber()).isEqualTo(1);
    }

    @Test
    void basicAuthWithUserColonPasswordIsReported() {
        robot.authorization = "Basic " + java.util.Base64.getEncoder().encodeToString((ROBOT + ":").getBytes());
        robot.heartbeat();
        assertThat(onlyViolation().message()).contains("no 'user:' part");
    }

    @Test
    void authorizationForAnotherRobotIsReported() {
        robot.authorization = fake.authorizationFor("99999999-0000-4000-8000-000000000001");
        robot.heartbeat();
        assertThat(onlyViolation().rule()).isEqualTo("auth.mismatch");
    }

    @Test
    void wrongSchemeWordIsReported() {
        robot.authorization = robot.authorization.replace("Basic", "Bearer");
        robot.heartbeat();
        assertThat(onlyViolation().message()).contains("scheme is 'Bearer'; expected Basic");
    }

    @Test
    void wrongJobTypeIsReported() {
        Map<String, String> hb = robot.readyHeartbeat();
        hb.put("JobType", "2");
        robot.send("POST", "/api/robot/heartbeat", hb);
        assertThat(onlyViolation().message()).isEqualTo("JobType is '2'; it is always 1 (Orchestrated)");
    }

    @Test
    void missingHeartbeatFieldsAreReported() {
        robot.send("POST", "/api/robot/heartbeat", RawRobot.form("RobotGUID", ROBOT, "Status", "2"));
        assertThat(onlyViolation().message()).startsWith("missing form field(s) Machine, IP, MAC, JobGUID, JobName, JobType");
    }

    @Test
    void heartbeatsTooFastAreReported() {
        robot.heartbeat();
        CLOCK.advance(Duration.ofMillis(9_999));
        robot.heartbeat();
        CLOCK.advance(Duration.ofSeconds(10));
        robot.heartbeat();
        Violation v = onlyViolation();
        assertThat(v.rule()).isEqualTo("heartbeat.spacing");
        assertThat(v.requestNumber()).isEqualTo(2);
        assertThat(v.message()).contains("9999 ms after the previous one", "minimum interval is 10000 ms");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> assertThat(fake).heartbeats().haveMinimumGap(Duration.ofSeconds(10)))
                .hasMessageContaining("#1 -> #2: 9999 ms");
    }

    @Test
    void updateBeforeConsumeIsReported() {
        String job = fake.enqueue("s");
        robot.update(job, 8);
        Violation v = onlyViolation();
        assertThat(v.rule()).isEqualTo("update.before-consume");
        assertThat(v.message()).contains("which nobody has consumed");
    }

    @Test
    void secondFinalStatusIsReportedButARepeatIsNot() {
        String job = fake.enqueue("s");
        robot.consume();
        robot.update(job, 8);
        robot.update(job, 5);
        robot.update(job, 5); // an idempotent retry
        assertThat(fake).hasNoViolations();
        robot.update(job, 4);
        Violation v = onlyViolation();
        assertThat(v.rule()).isEqualTo("update.second-final");
        assertThat(v.message()).contains("already has final status 5 (a job has one final status)");
        assertThat(fake).job(job).hasStatusHistory(8, 5, 4);
        assertThat(fake).jobUpdates().hasSize(4);
    }

    @Test
    void finalStatusBefore8IsReported() {
        String job = fake.enqueue("s");
        robot.consume();
        robot.update(job, 4);
        assertThat(onlyViolation().rule()).isEqualTo("update.final-before-8");
    }

    @Test
    void updateForUnknownJobAndIllegalStatusAreReported() {
        robot.update("12345678-0000-0000-0000-000000000000", 8);
        assertThat(onlyViolation().rule()).isEqualTo("update.unknown-job");
        fake.reset();
        String job = fake.enqueue("s");
        robot.consume();
        robot.update(job, 6);
        assertThat(onlyViolation().message()).contains("job status 6 (Stopping)");
    }

    @Test
    void workingHeartbeatWithoutAConsumedJobIsReported() {
        String job = fake.enqueue("s");
        robot.working(job, "s");
        assertThat(onlyViolation().rule()).isEqualTo("heartbeat.job-not-consumed");
    }

    @Test
    void workingHeartbeatWithWrongJobNameIsReported() {
        String job = fake.enqueue("folder\\script");
        robot.consume();
        robot.working(job, "script");
        assertThat(onlyViolation().message()).contains("JobName is 'script' but the job's process version Name is 'folder\\script'");
    }

    @Test
    void illegalRobotStatusAndReadyWithJobAreReported() {
        Map<String, String> hb = robot.readyHeartbeat();
        hb.put("Status", "1");
        robot.send("POST", "/api/robot/heartbeat", hb);
        assertThat(onlyViolation().message()).contains("a robot only sends 2 (Ready) or 3 (Working)");
        fake.reset();
        hb.put("Status", "2");
        hb.put("JobGUID", "x");
        robot.send("POST", "/api/robot/heartbeat", hb);
        assertThat(onlyViolation().rule()).isEqualTo("heartbeat.ready-with-job");
    }

    @Test
    void wrongContentTypeMethodAndPathAreReported() {
        robot.contentType = "application/json";
        robot.heartbeat();
        assertThat(onlyViolation().rule()).isEqualTo("content-type");
        fake.reset();
        robot.contentType = "application/x-www-form-urlencoded; charset=UTF-8";
        robot.send("PUT", "/api/robot/heartbeat", robot.readyHeartbeat());
        assertThat(onlyViolation().rule()).isEqualTo("method");
        fake.reset();
        assertThat(robot.send("POST", "/api/robot/heartbeats", robot.readyHeartbeat()).statusCode()).isEqualTo(404);
        assertThat(onlyViolation().rule()).isEqualTo("path.unknown");
    }

    @Test
    void vendorReferenceStyleUpdateIsAViolationUnderTheDefaultDialect() {
        String job = fake.enqueue("s");
        robot.consume();
        robot.send("POST", "/api/job/update", RawRobot.form("Guid", job, "Status", "8"));
        assertThat(fake.violations()).extracting(Violation::rule).containsExactly("method", "fields.missing");
        assertThat(fake).job(job).hasStatusHistory(8); // applied all the same
    }

    @Test
    void consumeWithoutStatusIsReported() {
        robot.send("POST", "/api/robot/consumeNextJob", RawRobot.form("RobotGUID", ROBOT));
        assertThat(onlyViolation().message()).startsWith("missing form field(s) Status");
    }

    @Test
    void consumingWhileAStartedJobHasNoFinalStatusIsReported() {
        String first = fake.enqueue("a");
        fake.enqueue("b");
        robot.consume();
        robot.update(first, 8);
        robot.consume();
        assertThat(onlyViolation().rule()).isEqualTo("consume.job-unfinished");
    }

    @Test
    void hasNoViolationsFailsWithEveryViolationListed() {
        robot.authorization = null;
        robot.heartbeat();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> assertThat(fake).hasNoViolations())
                .hasMessageContaining("Expected no protocol violations but found 1")
                .hasMessageContaining("#1 HEARTBEAT [auth.missing]");
    }
}
