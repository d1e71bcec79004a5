package dev.belay.runner.python.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's processes on Linux, found from {@code /proc} each time they are needed: the script's own
 * process, everything in its session (the bootstrap calls {@code setsid()} before any user code),
 * every process whose environment carries the run's marker (a daemon that called {@code setsid()}
 * itself), and every descendant of those. Killing loops until a fresh scan finds nothing alive, so
 * a process forked during the kill is caught on the next pass.
 */
final class LinuxProcessGroup implements ProcessGroup {

    private static final Logger log = LoggerFactory.getLogger(LinuxProcessGroup.class);
    private static final long KILL_DEADLINE_NANOS = 1_000_000_000L;

    private final long rootPid;
    private final String markerEntry;
    private final long selfPid = ProcessHandle.current().pid();
    private final Set<String> killed = new HashSet<>();
    private final long markerSince;

    /**
     * @param rootPid     the script's process; after the bootstrap's setsid() also the session and group id
     * @param markerEntry a {@code NAME=value} entry in the environment of every process of the run; null for none
     */
    LinuxProcessGroup(long rootPid, String markerEntry) {
        this.rootPid = rootPid;
        this.markerEntry = markerEntry;
        // Only a process started no earlier than the script can carry the run's marker: the others'
        // environments need not be read (a scan then reads a few environ files, not one per process).
        this.markerSince = markerEntry == null ? 0 : LinuxProcTable.read(rootPid).map(ProcEntry::startTicks).orElse(0L);
    }

    /**
     * libc through JNA, loaded once per JVM on a daemon thread the first time something is to be killed.
     * Not before: the load costs ~0.2 s of CPU and writes JNA's native library to a temporary file,
     * and most agents never kill anything. Not in the way: the first pass of a kill goes process by
     * process while it loads, and the group kill joins in once it is there (BENCHMARKS.md, CPU).
     */
    private static final class Libc {
        private static CompletableFuture<PosixSignals> loading; // guarded by Libc.class

        /** The loaded libc, or null while it is still loading; the first call starts the load. */
        static synchronized PosixSignals now() {
            if (loading == null) {
                CompletableFuture<PosixSignals> f = new CompletableFuture<>();
                Thread t = new Thread(() -> f.complete(PosixSignals.load()), "belay-libc-load"); // load() never throws
                t.setDaemon(true);
                t.start();
                loading = f;
            }
            return loading.getNow(null);
        }
    }

    /** The live processes of the run now. */
    List<ProcEntry> members() {
        return members(LinuxProcTable.snapshot(), rootPid, markerEntry, selfPid, markerSince);
    }

    static List<ProcEntry> members(List<ProcEntry> snapshot, long rootPid, String markerEntry, long selfPid) {
        return members(snapshot, rootPid, markerEntry, selfPid, 0);
    }

    /** @param markerSince processes started before this (clock ticks since boot) are not checked for the marker */
    static List<ProcEntry> members(List<ProcEntry> snapshot, long rootPid, String markerEntry, long selfPid, long markerSince) {
        Map<Long, List<ProcEntry>> children = new HashMap<>();
        for (ProcEntry e : snapshot) {
            children.computeIfAbsent(e.ppid(), k -> new ArrayList<>()).add(e);
        }
        Set<Long> seen = new HashSet<>();
        List<ProcEntry> found = new ArrayList<>();
        List<ProcEntry> todo = new ArrayList<>();
        for (ProcEntry e : snapshot) {
            if (e.pid() == selfPid || e.pid() <= 1) {
                continue;
            }
            boolean ours = e.pid() == rootPid || e.session() == rootPid || e.pgrp() == rootPid
                    || (markerEntry != null && e.startTicks() >= markerSince
                        && LinuxProcTable.hasEnvironmentEntry(e.pid(), markerEntry));
            if (ours && seen.add(e.pid())) {
                todo.add(e);
            }
        }
        while (!todo.isEmpty()) {
            ProcEntry e = todo.remove(todo.size() - 1);
            found.add(e);
            for (ProcEntry child : children.getOrDefault(e.pid(), List.of())) {
                if (child.pid() != selfPid && seen.add(child.pid())) {
                    todo.add(child);
                }
            }
        }
        found.removeIf(e -> !e.alive());
        return found;
    }

    @Override
    public synchronized int killAll() {
        // A caller's interrupt must not turn the bounded waits below into a busy loop: hold it, restore it.
        boolean interrupted = Thread.interrupted();
        try {
            long deadline = System.nanoTime() + KILL_DEADLINE_NANOS;
            while (true) {
                List<ProcEntry> members = members();
                if (members.isEmpty()) {
                    return killed.size();
                }
                if (System.nanoTime() - deadline > 0) {
                    log.warn("{} process(es) of script pid {} still alive after killing: {}", members.size(), rootPid, members);
                    return killed.size();
                }
                // The group id is only certainly ours while a member still carries it (the kernel keeps the id
                // from reuse while anyone does); otherwise a reused pid could name a stranger's group.
                if (members.stream().anyMatch(m -> m.pgrp() == rootPid)) {
                    PosixSignals signals = Libc.now();
                    if (signals != null) {
                        signals.killGroup(rootPid); // atomic for the session's group; the loop below covers the rest
                    }
                }
                for (ProcEntry m : members) {
                    if (stillSame(m)) {
                        ProcessHandle.of(m.pid()).ifPresent(ProcessHandle::destroyForcibly);
                    }
                    killed.add(m.pid() + "@" + m.startTicks());
                }
                interrupted |= awaitGone(members, deadline);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The pid still names the process we scanned (same start time): never kill a reused pid. */
    private static boolean stillSame(ProcEntry m) {
        return LinuxProcTable.read(m.pid()).map(now -> now.startTicks() == m.startTicks()).orElse(false);
    }

    /**
     * Polls /proc until each process is a zombie or gone (a reused pid has another start time).
     *
     * @return whether the thread was interrupted meanwhile (the interrupt is consumed; the caller restores it)
     */
    private static boolean awaitGone(List<ProcEntry> members, long deadline) {
        boolean interrupted = false;
        for (ProcEntry m : members) {
            while (System.nanoTime() - deadline < 0) {
                var now = LinuxProcTable.read(m.pid());
                if (now.isEmpty() || !now.get().alive() || now.get().startTicks() != m.startTicks()) {
                    break;
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        return interrupted;
    }

    @Override
    public void close() {
        // nothing held: the kernel's process table is the state
    }
}
