package dev.belay.testkit.fake.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.belay.testkit.fake.FakeJob;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the standalone fake's {@code jobs.json} (format in testkit/README.md): either an array
 * of jobs, or an object with {@code robots} (array of GUIDs) and {@code jobs}.
 */
public final class JobsFile {

    private static final Set<String> JOB_KEYS = Set.of("script", "task", "guid", "processVersionGuid", "robot",
            "abortAfter", "stopAfter", "abortAfterWorkingHeartbeats", "stopAfterWorkingHeartbeats", "rawJob",
            "rawProcessVersion");

    public record Contents(List<String> robots, List<FakeJob> jobs) {
    }

    private JobsFile() {
    }

    public static Contents read(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    public static Contents parse(String text) throws IOException {
        JsonNode root = new ObjectMapper().readTree(text);
        List<String> robots = new ArrayList<>();
        JsonNode jobsNode = root;
        if (root != null && root.isObject()) {
            for (JsonNode r : root.path("robots")) {
                robots.add(r.asText());
            }
            jobsNode = root.path("jobs");
        }
        if (jobsNode == null || !jobsNode.isArray()) {
            throw new IOException("jobs file: expected an array of jobs, or an object with a \"jobs\" array");
        }
        List<FakeJob> jobs = new ArrayList<>();
        int i = 0;
        for (JsonNode j : jobsNode) {
            i++;
            jobs.add(job(j, i));
        }
        return new Contents(robots, jobs);
    }

    private static FakeJob job(JsonNode j, int index) throws IOException {
        String where = "jobs file, job " + index + ": ";
        if (!j.isObject() || !j.hasNonNull("script")) {
            throw new IOException(where + "each job is an object with at least \"script\"");
        }
        for (Iterator<String> it = j.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!JOB_KEYS.contains(k)) {
                throw new IOException(where + "unknown key \"" + k + "\" (known: " + JOB_KEYS + ")");
            }
        }
        FakeJob.Builder b = FakeJob.builder(j.get("script").asText());
        JsonNode task = j.get("task");
        if (task != null && !task.isNull()) {
            // A string is the Task's raw text, sent as is; anything else is JSON to send.
            b.task(task.isTextual() ? task.asText() : task.toString());
        }
        if (j.hasNonNull("guid")) {
            b.guid(j.get("guid").asText());
        }
        if (j.hasNonNull("processVersionGuid")) {
            b.processVersionGuid(j.get("processVersionGuid").asText());
        }
        if (j.hasNonNull("rawJob")) {
            b.rawJob(j.get("rawJob").isTextual() ? j.get("rawJob").asText() : j.get("rawJob").toString());
        }
        if (j.hasNonNull("rawProcessVersion")) {
            JsonNode pv = j.get("rawProcessVersion");
            b.rawProcessVersion(pv.isTextual() ? pv.asText() : pv.toString());
        }
        if (j.hasNonNull("robot")) {
            b.forRobot(j.get("robot").asText());
        }
        try {
            if (j.hasNonNull("abortAfter")) {
                b.abortAfter(parseDuration(j.get("abortAfter").asText()));
            }
            if (j.hasNonNull("stopAfter")) {
                b.stopAfter(parseDuration(j.get("stopAfter").asText()));
            }
        } catch (IllegalArgumentException e) {
            throw new IOException(where + e.getMessage(), e);
        }
        if (j.hasNonNull("abortAfterWorkingHeartbeats")) {
            b.abortAfterWorkingHeartbeats(j.get("abortAfterWorkingHeartbeats").asInt());
        }
        if (j.hasNonNull("stopAfterWorkingHeartbeats")) {
            b.stopAfterWorkingHeartbeats(j.get("stopAfterWorkingHeartbeats").asInt());
        }
        return b.build();
    }

    /** {@code 10s}, {@code 500ms}, {@code 2m}, {@code PT10S}, or a bare number of seconds ({@code 0.05}). */
    public static Duration parseDuration(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("pt") || s.startsWith("p")) {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            }
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
            }
            if (s.endsWith("s")) {
                return seconds(s.substring(0, s.length() - 1));
            }
            if (s.endsWith("m")) {
                return seconds(s.substring(0, s.length() - 1)).multipliedBy(60);
            }
            return seconds(s);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (use 10s, 500ms, 2m, PT10S or 0.05)");
        }
    }

    private static Duration seconds(String number) {
        double d = Double.parseDouble(number.trim());
        if (d < 0 || Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException(number);
        }
        return Duration.ofNanos(Math.round(d * 1_000_000_000L));
    }
}
