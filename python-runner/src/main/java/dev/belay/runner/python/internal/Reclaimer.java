package dev.belay.runner.python.internal;

import dev.belay.runner.ProcessStamp;
import java.util.Optional;

/** Kills the leftovers of a run an earlier agent lost, on Linux; see {@code CPythonRunner#reclaim}. */
public final class Reclaimer {

    private Reclaimer() {
    }

    /** How many processes were killed; empty when /proc is unavailable (the caller falls back to the JDK). */
    public static Optional<Integer> reclaim(ProcessStamp stamp, String markerVariable) {
        if (!LinuxProcTable.available()) {
            return Optional.empty();
        }
        if (stamp.findLive().isPresent()) {
            String marker = LinuxProcTable.environmentValue(stamp.pid(), markerVariable)
                    .map(value -> markerVariable + "=" + value).orElse(null);
            return Optional.of(new LinuxProcessGroup(stamp.pid(), marker).killAll());
        }
        if (ProcessHandle.of(stamp.pid()).isPresent()) {
            return Optional.of(0); // the pid was reused: not ours
        }
        // Root gone: its session/group id cannot have been reused while members remain, so they are ours.
        return Optional.of(new LinuxProcessGroup(stamp.pid(), null).killAll());
    }
}
