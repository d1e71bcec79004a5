package dev.belay.core.internal;

import dev.belay.runner.ProcessStamp;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Jobs whose script may be running. An entry is written before the script starts and completed with
 * the process's pid and start time once known; it is removed only after the job's final status is in
 * the {@link ResultOutbox}. An entry found at start-up therefore means an earlier agent died while the
 * job ran: its processes are reclaimed and the job is reported Failed.
 */
public final class JobJournal {

    /** @param process null until the script's process is known (or if it never started) */
    public record Entry(String jobGuid, String scriptName, ProcessStamp process) {
        public Entry {
            Objects.requireNonNull(jobGuid, "jobGuid");
            scriptName = scriptName == null ? "" : scriptName;
        }
    }

    private final StateFiles files;

    public JobJournal(Path dir) {
        this.files = new StateFiles(dir);
    }

    public void put(Entry e) {
        Map<String, String> v = new HashMap<>();
        v.put("format", "1");
        v.put("job", e.jobGuid());
        v.put("script", e.scriptName());
        if (e.process() != null) {
            v.put("pid", Long.toString(e.process().pid()));
            v.put("processStart", e.process().startTime().toString());
        }
        files.write(e.jobGuid(), v);
    }

    public void remove(String jobGuid) {
        files.delete(jobGuid);
    }

    /** Unreadable entries are moved aside (and logged). */
    public List<Entry> entries() {
        return files.readAll(JobJournal::toEntry).stream().map(JobJournal::toEntry).toList();
    }

    private static Entry toEntry(Map<String, String> v) {
        String job = v.get("job");
        if (job == null || job.isBlank()) {
            throw new IllegalArgumentException("no job GUID");
        }
        String pid = v.get("pid");
        String start = v.get("processStart");
        ProcessStamp stamp = pid == null || start == null ? null
                : new ProcessStamp(Long.parseLong(pid.trim()), Instant.parse(start.trim()));
        return new Entry(job, v.get("script"), stamp);
    }
}
