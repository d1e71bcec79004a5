package dev.belay.testkit.fake;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.belay.testkit.fake.FakeOrchestratorAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** One fake per class, reset (and restarted if a test stopped it) between tests. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FakeOrchestratorExtensionTest {

    static final String ROBOT = "e47e0000-0000-4000-8000-000000000001";
    static final String OTHER = "e47e0000-0000-4000-8000-000000000002";
    static int firstPort;

    @RegisterExtension
    static FakeOrchestratorExtension ext = FakeOrchestratorExtension.with(FakeOrchestrator.builder()
            .robot(ROBOT).minHeartbeatInterval(Duration.ZERO));

    @Test
    @Order(1)
    void firstTestLeavesStateBehindAndStopsTheServer(FakeOrchestrator fake) {
        firstPort = fake.port();
        fake.enqueue("a");
        fake.registerRobot(OTHER);
        new RawRobot(fake.baseUrl(), ROBOT).heartbeat();
        fake.stop();
    }

    @Test
    @Order(2)
    void nextTestSeesAFreshRunningFakeOnTheSamePort(FakeOrchestrator fake) {
        assertThat(fake).isSameAs(ext.get());
        assertThat(fake.isRunning()).isTrue();
        assertThat(fake.port()).isEqualTo(firstPort);
        assertThat(fake.journal()).isEmpty();
        assertThat(fake.jobs()).isEmpty();
        assertThat(new RawRobot(fake.baseUrl(), OTHER).heartbeat().get("HeartbeatErrorCode").asInt())
                .as("robots registered by a test are forgotten").isEqualTo(101);
    }

    @Test
    @Order(3)
    void robotsMayCallConcurrentlyAndEachJobGoesToExactlyOneOfThem(FakeOrchestrator fake) throws Exception {
        fake.registerRobot(OTHER);
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            jobs.add(fake.enqueue("job" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (String guid : List.of(ROBOT, OTHER)) {
                done.add(pool.submit(() -> {
                    RawRobot r = new RawRobot(fake.baseUrl(), guid);
                    int ran = 0;
                    while (r.consume().get("ConsumeJobErrorCode").asInt() == 0) {
                        ran++;
                        fake.journal(); // reading while the other robot writes
                    }
                    return ran;
                }));
            }
            int total = 0;
            for (Future<Integer> f : done) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(20);
        } finally {
            pool.shutdownNow();
        }
        assertThat(fake.queuedJobs()).isZero();
        assertThat(fake.journal()).extracting(JournalEntry::number).isSorted().doesNotHaveDuplicates();
        jobs.forEach(j -> assertThat(fake).job(j).wasConsumed());
        assertThat(fake).hasNoViolations();
    }

    @Nested
    class NestedTests {
        @Test
        void nestedClassesShareTheOuterFake(FakeOrchestrator fake) {
            assertThat(fake.port()).isEqualTo(firstPort);
            assertThat(fake.journal()).isEmpty();
        }
    }
}
