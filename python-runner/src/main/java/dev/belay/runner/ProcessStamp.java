package dev.belay.runner;

import java.time.Instant;
import java.util.Objects;

/**
 * A process identity that survives pid reuse: the pid and the process's start time as the OS reports
 * it ({@link ProcessHandle.Info#startInstant()}).
 */
public record ProcessStamp(long pid, Instant startTime) {

    public ProcessStamp {
        Objects.requireNonNull(startTime, "startTime");
    }

    /** The stamp of a live process, if the OS reports its start time. */
    public static java.util.Optional<ProcessStamp> of(ProcessHandle handle) {
        return handle.info().startInstant().map(start -> new ProcessStamp(handle.pid(), start));
    }

    /** The live process with this pid, only if it started at this stamp's start time. */
    public java.util.Optional<ProcessHandle> findLive() {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(h -> h.info().startInstant().map(startTime::equals).orElse(false));
    }
}
