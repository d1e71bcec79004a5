package dev.belay.testkit.fake.internal;

import dev.belay.testkit.fake.FakeJob;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobsFileTest {

    @Test
    void readsRobotsAndJobsWithEveryKey() throws IOException {
        JobsFile.Contents c = JobsFile.parse("{\"robots\":[\"r1\"],\"jobs\":["
                + "{\"script\":\"a\\\\b\",\"task\":{\"x\":1}},"
                + "{\"script\":\"raw\",\"task\":\"not json\",\"guid\":\"g\",\"processVersionGuid\":\"pv\",\"robot\":\"r1\","
                + "\"abortAfter\":\"5s\",\"stopAfter\":\"PT1S\",\"abortAfterWorkingHeartbeats\":3,\"stopAfterWorkingHeartbeats\":0}]}");
        assertThat(c.robots()).containsExactly("r1");
        FakeJob first = c.jobs().get(0);
        assertThat(first.scriptName()).isEqualTo("a\\b");
        assertThat(first.taskJson()).isEqualTo("{\"x\":1}");
        FakeJob second = c.jobs().get(1);
        assertThat(second.taskJson()).isEqualTo("not json");
        assertThat(second.guid()).isEqualTo("g");
        assertThat(second.processVersionGuid()).isEqualTo("pv");
        assertThat(second.robotGuid()).isEqualTo("r1");
        assertThat(second.abortAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(second.stopAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(second.abortAfterWorkingHeartbeats()).isEqualTo(3);
        assertThat(second.stopAfterWorkingHeartbeats()).isZero();
    }

    @Test
    void aBareArrayIsAListOfJobs() throws IOException {
        assertThat(JobsFile.parse("[{\"script\":\"a\"}]").jobs()).hasSize(1);
    }

    @Test
    void unknownKeysAreRefusedWithTheJobNumber() {
        assertThatThrownBy(() -> JobsFile.parse("[{\"script\":\"a\"},{\"script\":\"b\",\"taks\":1}]"))
                .hasMessageContaining("job 2").hasMessageContaining("\"taks\"");
    }

    @Test
    void durationsInEveryAcceptedSpelling() {
        assertThat(JobsFile.parseDuration("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(JobsFile.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(JobsFile.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(JobsFile.parseDuration("PT10S")).isEqualTo(Duration.ofSeconds(10));
        assertThat(JobsFile.parseDuration("0.05")).isEqualTo(Duration.ofMillis(50));
        assertThatThrownBy(() -> JobsFile.parseDuration("soon")).hasMessageContaining("not a duration");
    }
}
