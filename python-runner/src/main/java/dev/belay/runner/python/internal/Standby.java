package dev.belay.runner.python.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * An interpreter started ahead of a job: the bootstrap with {@code --standby}, already grouped, doing
 * its own start-up (most of a short script's run on a typical machine) and then waiting for its job
 * line. Taken by at most one start; otherwise discarded. No script has run in it before its job line.
 */
public final class Standby {

    private final Process process;
    private final ProcessGroup group;

    private Standby(Process process, ProcessGroup group) {
        this.process = process;
        this.group = group;
    }

    /**
     * Starts one, grouped like a script (its session, its Job Object, the run marker in its environment).
     *
     * @param command   the interpreter command followed by its arguments ({@code -u}, the bootstrap, {@code --standby})
     * @param workDir   the scripts folder, real path: the script's working directory
     * @param env       completes the agent's environment (with everything that does not depend on the job)
     * @param runMarker {@code NAME=value} as put by {@code env}: how the run's processes are found
     */
    public static Standby start(List<String> command, Path workDir, Consumer<Map<String, String>> env, String runMarker)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        env.accept(pb.environment());
        Process process = pb.start();
        ProcessGroup group;
        try {
            group = ProcessGroup.forProcess(process, runMarker);
        } catch (IOException | RuntimeException | Error e) {
            process.destroyForcibly(); // it waits for its job: no script ran
            throw e;
        }
        return new Standby(process, group);
    }

    public boolean alive() {
        return process.isAlive();
    }

    public Process process() {
        return process;
    }

    public ProcessGroup group() {
        return group;
    }

    /**
     * Kills it (no script ran in it) and releases its group. The interpreter goes first, on its own:
     * then the group's kill is normally a look at the process table that finds nothing and sends no
     * group signal, so discarding does not load what a group kill needs (LinuxProcessGroup: libc via
     * JNA). Only a process left by the interpreter's start-up (a {@code sitecustomize}) is still found
     * and killed there.
     */
    public void discard() {
        try {
            process.getOutputStream().close(); // EOF: a bootstrap without a job ends by itself
        } catch (IOException e) {
            // gone already
        }
        process.destroyForcibly();
        boolean interrupted = false;
        try {
            process.waitFor(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        try {
            group.killAll();
        } finally {
            group.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "Standby[pid " + process.pid() + "]";
    }
}
