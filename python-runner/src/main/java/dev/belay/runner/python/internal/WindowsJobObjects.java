package dev.belay.runner.python.internal;

import com.sun.jna.IntegerType;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.WString;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.W32APIOptions;

/**
 * The few kernel32 Job Object calls the runner needs, which jna-platform 5.19.1 does not bind.
 * Kept private and minimal. Layouts follow winnt.h; {@code SIZE_T}/{@code ULONG_PTR} are pointer
 * sized, which JNA's default alignment lays out as MSVC does. Not exercised on this project's Linux
 * CI: only the structure sizes and flags are unit-tested.
 */
final class WindowsJobObjects {

    static final int JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x00002000;
    /** JOBOBJECTINFOCLASS values. */
    static final int JOB_OBJECT_BASIC_ACCOUNTING_INFORMATION = 1;
    static final int JOB_OBJECT_EXTENDED_LIMIT_INFORMATION = 9;
    static final int PROCESS_TERMINATE = 0x0001;
    static final int PROCESS_SET_QUOTA = 0x0100;

    private WindowsJobObjects() {
    }

    interface Kernel32Jobs extends Library {
        Pointer CreateJobObjectW(Pointer securityAttributes, WString name);

        boolean SetInformationJobObject(Pointer job, int infoClass, Structure info, int length);

        boolean QueryInformationJobObject(Pointer job, int infoClass, Structure info, int length, IntByReference returned);

        boolean AssignProcessToJobObject(Pointer job, Pointer process);

        boolean TerminateJobObject(Pointer job, int exitCode);

        Pointer OpenProcess(int desiredAccess, boolean inheritHandle, int processId);

        boolean CloseHandle(Pointer handle);
    }

    static Kernel32Jobs load() {
        return Native.load("kernel32", Kernel32Jobs.class, W32APIOptions.DEFAULT_OPTIONS);
    }

    /** SIZE_T / ULONG_PTR: unsigned, pointer-sized. */
    public static final class SizeT extends IntegerType {
        private static final long serialVersionUID = 1L;

        public SizeT() {
            this(0);
        }

        public SizeT(long value) {
            super(Native.SIZE_T_SIZE, value, true);
        }
    }

    /** Exposes field offsets so the layouts can be unit-tested against winnt.h. */
    public abstract static class JobStructure extends Structure {
        int offsetOf(String field) {
            return fieldOffset(field);
        }
    }

    @Structure.FieldOrder({"PerProcessUserTimeLimit", "PerJobUserTimeLimit", "LimitFlags", "MinimumWorkingSetSize",
            "MaximumWorkingSetSize", "ActiveProcessLimit", "Affinity", "PriorityClass", "SchedulingClass"})
    public static class BasicLimitInformation extends JobStructure {
        public long PerProcessUserTimeLimit;
        public long PerJobUserTimeLimit;
        public int LimitFlags;
        public SizeT MinimumWorkingSetSize = new SizeT();
        public SizeT MaximumWorkingSetSize = new SizeT();
        public int ActiveProcessLimit;
        public SizeT Affinity = new SizeT();
        public int PriorityClass;
        public int SchedulingClass;
    }

    @Structure.FieldOrder({"ReadOperationCount", "WriteOperationCount", "OtherOperationCount", "ReadTransferCount",
            "WriteTransferCount", "OtherTransferCount"})
    public static class IoCounters extends JobStructure {
        public long ReadOperationCount;
        public long WriteOperationCount;
        public long OtherOperationCount;
        public long ReadTransferCount;
        public long WriteTransferCount;
        public long OtherTransferCount;
    }

    @Structure.FieldOrder({"BasicLimitInformation", "IoInfo", "ProcessMemoryLimit", "JobMemoryLimit",
            "PeakProcessMemoryUsed", "PeakJobMemoryUsed"})
    public static class ExtendedLimitInformation extends JobStructure {
        public BasicLimitInformation BasicLimitInformation = new BasicLimitInformation();
        public IoCounters IoInfo = new IoCounters();
        public SizeT ProcessMemoryLimit = new SizeT();
        public SizeT JobMemoryLimit = new SizeT();
        public SizeT PeakProcessMemoryUsed = new SizeT();
        public SizeT PeakJobMemoryUsed = new SizeT();

        /** Everything zero except KILL_ON_JOB_CLOSE: no other limit is imposed on scripts. */
        static ExtendedLimitInformation killOnJobClose() {
            ExtendedLimitInformation info = new ExtendedLimitInformation();
            info.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
            return info;
        }
    }

    @Structure.FieldOrder({"TotalUserTime", "TotalKernelTime", "ThisPeriodTotalUserTime", "ThisPeriodTotalKernelTime",
            "TotalPageFaultCount", "TotalProcesses", "ActiveProcesses", "TotalTerminatedProcesses"})
    public static class BasicAccountingInformation extends JobStructure {
        public long TotalUserTime;
        public long TotalKernelTime;
        public long ThisPeriodTotalUserTime;
        public long ThisPeriodTotalKernelTime;
        public int TotalPageFaultCount;
        public int TotalProcesses;
        public int ActiveProcesses;
        public int TotalTerminatedProcesses;
    }
}
