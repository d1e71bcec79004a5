package dev.belay.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RobotBuilderTest {

    @TempDir
    Path dir;

    @Test
    void aMissingRequiredSettingIsNamed() {
        Fixture f = new Fixture(dir);
        assertThatThrownBy(() -> Robot.builder().client(f.orchestrator).runner(f.runner).identity(Fixture.IDENTITY)
                .scriptsDir(dir).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("stateDir");
    }

    @Test
    void anUnusableStateDirectoryIsAConfigurationError() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        Fixture f = new Fixture(file);
        assertThatThrownBy(f::robot).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not-a-dir");
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        Fixture f = new Fixture(dir);
        Robot robot = Robot.builder().client(f.orchestrator).runner(f.runner).identity(Fixture.IDENTITY)
                .scriptsDir(dir).stateDir(dir.resolve("state")).build();
        assertThat(robot.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(dir.resolve("state/outbox")).isDirectory();
        assertThat(dir.resolve("state/journal")).isDirectory();
    }

    @Test
    void aRobotRunsOnce() {
        Robot robot = new Fixture(dir).robot();
        robot.run();
        assertThatThrownBy(robot::run).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void nonPositiveIntervalsAreRefused() {
        assertThatThrownBy(() -> Robot.builder().heartbeatInterval(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Robot.builder().stopGrace(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void backoffGrowsAndIsCapped() {
        RetryBackoff b = new RetryBackoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), Duration.ofMinutes(5));
        assertThat(b.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.delayAfter(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(b.delayAfter(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(b.delayAfter(1000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void exitCodesAreTheCliContract() {
        assertThat(EndReason.NO_JOB_LEFT.exitCode()).isZero();
        assertThat(EndReason.STATE_DIR_IN_USE.exitCode()).isEqualTo(2);
        assertThat(EndReason.STATE_DIR_NOT_LOCKABLE.exitCode()).isEqualTo(2);
        assertThat(EndReason.ROBOT_NOT_REGISTERED.exitCode()).isEqualTo(3);
        assertThat(EndReason.ORCHESTRATOR_UNREACHABLE.exitCode()).isEqualTo(4);
        assertThat(EndReason.STATUS_UNDELIVERED.exitCode()).isEqualTo(5);
        assertThat(EndReason.INTERRUPTED.exitCode()).isEqualTo(130);
    }
}
