package dev.belay.reliability;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling with a deadline: the suite waits for what it can observe, never for a guessed time. */
final class Waits {
    private Waits() {
    }

    static void until(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }
}
