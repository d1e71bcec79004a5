package dev.belay.runner.python.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The fallback for a POSIX system without {@code /proc} (macOS): the process group (the bootstrap's
 * session) killed at once through libc, then the JDK's view of the descendants, taken before
 * killing. Misses a daemon that left the session; Linux's /proc scan does not.
 */
final class JdkProcessGroup implements ProcessGroup {

    private final ProcessHandle root;
    private final Set<Long> killed = new LinkedHashSet<>();

    JdkProcessGroup(ProcessHandle root) {
        this.root = root;
    }

    @Override
    public synchronized int killAll() {
        List<ProcessHandle> tree = new ArrayList<>();
        if (root.isAlive()) {
            tree.add(root);
        }
        tree.addAll(root.descendants().toList());
        if (root.isAlive()) { // a dead root's pid may already name someone else's group
            PosixSignals.load().killGroup(root.pid());
        }
        for (ProcessHandle h : tree) {
            if (h.isAlive()) {
                h.destroyForcibly();
                killed.add(h.pid());
            }
        }
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                // bounded wait; whatever is left is reported by the count staying as it is
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return killed.size();
    }

    @Override
    public void close() {
    }
}
