package dev.belay.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LogHandOffTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final String name = "test-log-" + UUID.randomUUID();
    private final LogHandOff handOff = new LogHandOff(name);
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @Test
    void callsRunInOrderOnAThreadOfTheirOwnAndDrainWaitsForAllOfThem() throws Exception {
        for (int i = 0; i < 3_000; i++) { // more than the queue holds: the caller waits for room
            int n = i;
            handOff.submit(() -> ran.add(n + " " + Thread.currentThread().getName()));
        }

        assertThat(handOff.drain(WAIT)).isTrue();
        assertThat(ran).hasSize(3_000).allMatch(s -> s.endsWith(" " + name));
        assertThat(ran.stream().map(s -> Integer.parseInt(s.split(" ")[0]))).isSorted();
    }

    @Test
    void theCallerDoesNotWaitForASlowLog() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        handOff.submit(() -> {
            try {
                release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ran.add("slow");
        });
        handOff.submit(() -> ran.add("next"));

        assertThat(ran).as("both handed in while the first still runs").isEmpty();
        assertThat(handOff.drain(Duration.ofMillis(50))).as("drain gives up at its timeout").isFalse();
        release.countDown();
        assertThat(handOff.drain(WAIT)).isTrue();
        assertThat(ran).containsExactly("slow", "next");
    }

    @Test
    void aFailingCallDoesNotStopTheOnesAfterIt() throws Exception {
        handOff.submit(() -> {
            throw new IllegalStateException("appender broke");
        });
        handOff.submit(() -> ran.add("after"));

        assertThat(handOff.drain(WAIT)).isTrue();
        assertThat(ran).containsExactly("after");
    }

    @Test
    void aCallThatKillsTheThreadDoesNotStopTheCallsAfterIt() throws Exception {
        handOff.submit(() -> {
            throw new OutOfMemoryError("simulated: the thread ends");
        });
        handOff.submit(() -> {
            throw new StackOverflowError("simulated: caught, the thread goes on");
        });
        handOff.submit(() -> ran.add("after"));

        assertThat(handOff.drain(WAIT)).isTrue();
        assertThat(ran).containsExactly("after");
    }

    @Test
    void drainGivesUpAtItsTimeoutEvenWhenTheQueueIsFull() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        handOff.submit(() -> {
            try {
                stuck.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (int i = 0; i < 1025; i++) { // the stuck call may still be queued: fill the queue either way
            if (!offerWithin(Duration.ofMillis(200))) {
                break;
            }
        }

        long started = System.nanoTime();
        assertThat(handOff.drain(Duration.ofMillis(100))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(WAIT);
        stuck.countDown();
        assertThat(handOff.drain(WAIT)).isTrue();
    }

    /** A no-op call handed in from another thread, so that a full queue cannot block the test. */
    private boolean offerWithin(Duration wait) throws InterruptedException {
        Thread t = new Thread(() -> {
            try {
                handOff.submit(() -> { });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.setDaemon(true);
        t.start();
        t.join(wait.toMillis());
        return !t.isAlive();
    }

    @Test
    void theThreadEndsWhenIdleAndAnotherStartsForTheNextCall() throws Exception {
        handOff.submit(() -> ran.add("first"));
        assertThat(handOff.drain(WAIT)).isTrue();
        Thread first = threadNamed(name);
        assertThat(first).isNotNull();
        first.join(LogHandOff.IDLE.multipliedBy(5).toMillis());
        assertThat(first.isAlive()).as("ended after %s idle", LogHandOff.IDLE).isFalse();

        handOff.submit(() -> ran.add("second"));
        assertThat(handOff.drain(WAIT)).isTrue();
        assertThat(ran).containsExactly("first", "second");
    }

    private static Thread threadNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst().orElse(null);
    }
}
