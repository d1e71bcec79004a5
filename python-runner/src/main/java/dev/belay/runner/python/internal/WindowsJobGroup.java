package dev.belay.runner.python.internal;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's processes on Windows: a Job Object with KILL_ON_JOB_CLOSE that the script's process joins
 * before the bootstrap lets user code run, so every process the script starts is in it too and dies
 * with it — even when the agent itself dies, because the job's last handle closes with the agent.
 * NOT TESTED on this project's CI (Linux); see the module README.
 */
final class WindowsJobGroup implements ProcessGroup {

    private static final Logger log = LoggerFactory.getLogger(WindowsJobGroup.class);

    private final WindowsJobObjects.Kernel32Jobs k32;
    private final ProcessHandle root;
    private Pointer job;
    private int killed;

    private WindowsJobGroup(WindowsJobObjects.Kernel32Jobs k32, Pointer job, ProcessHandle root) {
        this.k32 = k32;
        this.job = job;
        this.root = root;
    }

    static ProcessGroup adopt(Process process) throws IOException {
        WindowsJobObjects.Kernel32Jobs k32;
        try {
            k32 = WindowsJobObjects.load();
        } catch (Throwable e) {
            throw new IOException("cannot load kernel32 through JNA for the Job Object", e);
        }
        Pointer job = k32.CreateJobObjectW(null, null);
        if (job == null) {
            throw new IOException("CreateJobObject failed, error " + Native.getLastError());
        }
        WindowsJobObjects.ExtendedLimitInformation info = WindowsJobObjects.ExtendedLimitInformation.killOnJobClose();
        info.write();
        if (!k32.SetInformationJobObject(job, WindowsJobObjects.JOB_OBJECT_EXTENDED_LIMIT_INFORMATION, info, info.size())) {
            int error = Native.getLastError();
            k32.CloseHandle(job);
            throw new IOException("SetInformationJobObject(KILL_ON_JOB_CLOSE) failed, error " + error);
        }
        Pointer handle = k32.OpenProcess(WindowsJobObjects.PROCESS_SET_QUOTA | WindowsJobObjects.PROCESS_TERMINATE,
                false, (int) process.pid());
        if (handle == null) {
            int error = Native.getLastError();
            k32.CloseHandle(job);
            throw new IOException("OpenProcess(" + process.pid() + ") failed, error " + error);
        }
        try {
            if (!k32.AssignProcessToJobObject(job, handle)) {
                int error = Native.getLastError();
                k32.CloseHandle(job);
                throw new IOException("AssignProcessToJobObject failed, error " + error);
            }
        } finally {
            k32.CloseHandle(handle);
        }
        return new WindowsJobGroup(k32, job, process.toHandle());
    }

    @Override
    public synchronized int killAll() {
        if (job == null) {
            return killed;
        }
        // Belt and braces: the JDK's tree, taken before the kill, catches a process that broke away.
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        int active = activeProcesses();
        if (active > 0 && !k32.TerminateJobObject(job, 1)) {
            log.warn("TerminateJobObject failed, error {}", Native.getLastError());
        }
        killed += active;
        // Verify, boundedly: termination is asynchronous.
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (active > 0 && (active = activeProcesses()) > 0 && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (active > 0) {
            log.warn("{} process(es) still in the job of script pid {} after TerminateJobObject", active, root.pid());
        }
        for (ProcessHandle h : tree) {
            if (h.isAlive() && h.destroyForcibly()) {
                killed++;
            }
        }
        return killed;
    }

    private int activeProcesses() {
        WindowsJobObjects.BasicAccountingInformation acct = new WindowsJobObjects.BasicAccountingInformation();
        if (!k32.QueryInformationJobObject(job, WindowsJobObjects.JOB_OBJECT_BASIC_ACCOUNTING_INFORMATION, acct,
                acct.size(), new IntByReference())) {
            return 0;
        }
        acct.read();
        return acct.ActiveProcesses;
    }

    @Override
    public synchronized void close() {
        if (job != null) {
            k32.CloseHandle(job);
            job = null;
        }
    }
}
