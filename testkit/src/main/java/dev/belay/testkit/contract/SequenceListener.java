package dev.belay.testkit.contract;

import dev.belay.runner.OutputListener;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the numbered lines of the huge-output fixture as they arrive, keeping only counts: storing
 * 40 MiB of lines would measure the test's heap, not the runner.
 */
final class SequenceListener implements OutputListener {

    private static final int LINE_LENGTH = 127;
    private static final int MAX_PROBLEMS = 10;

    private final Map<Stream, Integer> next = new EnumMap<>(Stream.class);
    private final List<String> problems = new ArrayList<>();

    @Override
    public synchronized void onLine(Stream stream, Instant at, String line) {
        int expected = next.getOrDefault(stream, 0);
        String tag = stream == Stream.STDOUT ? "out-" : "err-";
        String want = tag + String.format("%08d", expected) + "-";
        if (line.length() != LINE_LENGTH || !line.startsWith(want)) {
            if (problems.size() < MAX_PROBLEMS) {
                String shown = line.length() > 40 ? line.substring(0, 40) + "...(" + line.length() + " chars)" : line;
                problems.add(stream + " line " + expected + ": expected '" + want + "...', got '" + shown + "'");
            }
        }
        next.put(stream, expected + 1);
    }

    synchronized int count(Stream stream) {
        return next.getOrDefault(stream, 0);
    }

    synchronized List<String> problems() {
        return List.copyOf(problems);
    }
}
