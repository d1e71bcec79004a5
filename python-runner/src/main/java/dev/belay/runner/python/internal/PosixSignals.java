package dev.belay.runner.python.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kill(2)} through JNA, for what the JDK cannot do: signal a whole process group at once
 * ({@code kill(-pgid, SIGKILL)}), which catches a process forked while we enumerate. Optional: when
 * the native library cannot load, callers fall back to killing process by process.
 */
final class PosixSignals {

    static final int SIGKILL = 9;

    private static final Logger log = LoggerFactory.getLogger(PosixSignals.class);

    interface LibC extends Library {
        int kill(int pid, int sig);
    }

    private final LibC libc;

    private PosixSignals(LibC libc) {
        this.libc = libc;
    }

    /** Loads libc; an instance whose calls report failure if it cannot. */
    static PosixSignals load() {
        try {
            return new PosixSignals(Native.load("c", LibC.class));
        } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError: degrade, never fail the run
            log.debug("libc not loadable through JNA; killing process groups member by member", e);
            return new PosixSignals(null);
        }
    }

    /** Sends SIGKILL to every process in the group; false if the group is empty or the call is unavailable. */
    boolean killGroup(long pgid) {
        return libc != null && pgid > 1 && libc.kill((int) -pgid, SIGKILL) == 0;
    }
}
