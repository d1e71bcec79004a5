package dev.belay.testkit.contract;

import dev.belay.runner.OutputListener;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Keeps every line it is given, and lets a test wait (bounded) for a line to arrive. */
final class RecordingListener implements OutputListener {

    /** A line, with the runner's timestamp and the monotonic time it reached this listener. */
    record Line(Stream stream, Instant at, String text, long receivedNanos) {
    }

    private final List<Line> lines = new ArrayList<>();

    @Override
    public synchronized void onLine(Stream stream, Instant at, String line) {
        lines.add(new Line(stream, at, line, System.nanoTime()));
        notifyAll();
    }

    synchronized List<Line> lines() {
        return List.copyOf(lines);
    }

    synchronized List<String> texts(Stream stream) {
        return lines.stream().filter(l -> l.stream() == stream).map(Line::text).toList();
    }

    /** Waits until a line matching {@code test} has arrived, or {@code within} has passed. */
    synchronized Optional<Line> await(Predicate<Line> test, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            Optional<Line> hit = lines.stream().filter(test).findFirst();
            long left = deadline - System.nanoTime();
            if (hit.isPresent() || left <= 0) {
                return hit;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    Optional<Line> awaitText(String text, Duration within) {
        return await(l -> l.text().equals(text), within);
    }
}
