package dev.belay.core.internal;

import dev.belay.client.JobStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Final statuses not yet acknowledged by the orchestrator. A status is put here (durably) before it is
 * sent and removed only after a 2xx, so a crash or an outage at any point leaves it here for the next
 * attempt or the next run. Sending the same status twice is harmless: job/update is idempotent.
 */
public final class ResultOutbox {

    /** One undelivered final status. */
    public record Entry(String jobGuid, String scriptName, JobStatus status, Instant decidedAt) {
        public Entry {
            Objects.requireNonNull(jobGuid, "jobGuid");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(decidedAt, "decidedAt");
            scriptName = scriptName == null ? "" : scriptName;
        }
    }

    private final StateFiles files;

    public ResultOutbox(Path dir) {
        this.files = new StateFiles(dir);
    }

    public void put(Entry e) {
        files.write(e.jobGuid(), Map.of("format", "1", "job", e.jobGuid(), "script", e.scriptName(),
                "status", Integer.toString(e.status().code()), "decidedAt", e.decidedAt().toString()));
    }

    public void remove(String jobGuid) {
        files.delete(jobGuid);
    }

    /** Keeps a status the orchestrator refused for good in {@code rejected/}, out of the delivery queue. */
    public void reject(String jobGuid) {
        files.moveTo(jobGuid, "rejected");
    }

    public boolean contains(String jobGuid) {
        return files.exists(jobGuid);
    }

    /** Oldest decision first. Unreadable entries are moved aside (and logged). */
    public List<Entry> entries() {
        return files.readAll(ResultOutbox::parse).stream()
                .map(ResultOutbox::toEntry)
                .sorted(Comparator.comparing(Entry::decidedAt))
                .toList();
    }

    public boolean isEmpty() {
        return entries().isEmpty();
    }

    private static void parse(Map<String, String> v) {
        toEntry(v);
    }

    private static Entry toEntry(Map<String, String> v) {
        String job = v.get("job");
        if (job == null || job.isBlank()) {
            throw new IllegalArgumentException("no job GUID");
        }
        String status = v.get("status");
        if (status == null) {
            throw new IllegalArgumentException("no status");
        }
        JobStatus s = JobStatus.ofCode(Integer.parseInt(status.trim()));
        if (!s.isFinal()) {
            throw new IllegalArgumentException("status " + s + " is not final");
        }
        String at = v.get("decidedAt");
        return new Entry(job, v.get("script"), s, at == null ? Instant.EPOCH : Instant.parse(at));
    }
}
