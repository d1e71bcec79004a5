package dev.belay.runner.python.internal;

/**
 * Everything one script run started, however it got there (children, re-parented grandchildren,
 * daemons that left the session), and the means to kill it all. One per run; thread-safe.
 */
public interface ProcessGroup extends AutoCloseable {

    /**
     * Kills every live process of the run (the script's own process too, if alive) and waits, boundedly,
     * until none is left.
     *
     * @return how many distinct processes this group has killed so far (this call and earlier ones)
     */
    int killAll();

    /** Releases OS resources (on Windows, closing the job kills whatever is still in it). */
    @Override
    void close();

    /** Creates the group for the current OS. */
    static ProcessGroup forProcess(Process process, String runMarker) throws java.io.IOException {
        if (Os.isWindows()) {
            return WindowsJobGroup.adopt(process);
        }
        if (LinuxProcTable.available()) {
            return new LinuxProcessGroup(process.pid(), runMarker);
        }
        return new JdkProcessGroup(process.toHandle());
    }
}
