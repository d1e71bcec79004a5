package dev.belay.testkit.fake;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.belay.testkit.fake.FakeOrchestratorAssert.assertThat;

class JobUpdateDialectTest {

    static final String ROBOT = "0a1b2c3d-0000-4000-8000-000000000002";
    FakeOrchestrator fake;

    @AfterEach
    void stop() {
        fake.stop();
    }

    @Test
    void anyDialectAcceptsPutLowercaseAndPostPascalCase() {
        fake = FakeOrchestrator.builder().robot(ROBOT).jobUpdateDialect(JobUpdateDialect.ANY)
                .minHeartbeatInterval(Duration.ZERO).build().start();
        RawRobot robot = new RawRobot(fake.baseUrl(), ROBOT);
        String job = fake.enqueue("s");
        robot.consume();
        robot.send("POST", "/api/job/update", RawRobot.form("Guid", job, "Status", "8"));
        robot.update(job, 4);
        assertThat(fake).hasNoViolations().job(job).hasStatusHistory(8, 4);
    }

    @Test
    void bearerSchemeIsAcceptedWhenConfigured() {
        fake = FakeOrchestrator.builder().robot(ROBOT).authScheme(AuthScheme.BEARER).build().start();
        RawRobot robot = new RawRobot(fake.baseUrl(), ROBOT);
        robot.authorization = fake.authorizationFor(ROBOT);
        robot.heartbeat();
        assertThat(fake).hasNoViolations();
        org.assertj.core.api.Assertions.assertThat(robot.authorization).startsWith("Bearer ");
    }
}
