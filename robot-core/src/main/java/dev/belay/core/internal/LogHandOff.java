package dev.belay.core.internal;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs log calls in the order they were handed in, on a thread of their own, so that whoever hands them
 * in never waits on the log's appenders. An output pump calls this: while it formats and writes a
 * script's lines into the agent's log, the script's pipe fills and the script waits; a 50 MB job spent
 * ~70 ms of its time on the 500 lines the agent's log repeats (BENCHMARKS.md, output).
 *
 * <p>The thread starts with the first call and ends after {@link #IDLE} without one; a full queue
 * makes the caller wait (the log is then the slower side, and the agent's log is bounded anyway).
 */
final class LogHandOff {

    static final Duration IDLE = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(LogHandOff.class);

    private final String threadName;
    private final BlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(1024);
    private Thread thread; // guarded by this; null when no thread runs

    LogHandOff(String threadName) {
        this.threadName = threadName;
    }

    /** Queues the call, waiting for room if 1024 calls are already waiting. */
    void submit(Runnable call) throws InterruptedException {
        queue.put(call);
        ensureThread();
    }

    /**
     * Waits until every call handed in so far has run; false if that took longer than the timeout (also
     * when the queue stays full that long: a stalled log never holds the caller past the timeout).
     */
    boolean drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        CountDownLatch done = new CountDownLatch(1);
        if (!queue.offer(done::countDown, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        ensureThread();
        return done.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    private synchronized void ensureThread() {
        if (thread == null) {
            Thread t = new Thread(this::run, threadName);
            t.setDaemon(true);
            t.start(); // if this throws, no thread is recorded, and the next call tries again
            thread = t;
        }
    }

    private void run() {
        try {
            while (true) {
                Runnable call;
                try {
                    call = queue.poll(IDLE.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    call = null; // nobody interrupts this thread but the JVM's end; whatever is queued is dropped
                    queue.clear();
                }
                if (call == null) {
                    synchronized (this) {
                        if (queue.isEmpty()) {
                            thread = null;
                            return;
                        }
                    }
                    continue;
                }
                try {
                    call.run();
                } catch (RuntimeException | LinkageError | StackOverflowError e) {
                    log.warn("A log call failed: {}", e.toString());
                }
            }
        } finally {
            // Ended by anything else (an OutOfMemoryError): a new thread takes what is queued, or else
            // the next call starts one.
            synchronized (this) {
                if (thread == Thread.currentThread()) {
                    thread = null;
                    if (!queue.isEmpty()) {
                        try {
                            ensureThread();
                        } catch (RuntimeException | Error e) {
                            // no thread now: the next call tries again
                        }
                    }
                }
            }
        }
    }
}
