package dev.belay.runner.python.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Native;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of the Windows binding on any 64-bit OS: the layouts winnt.h gives (x64 sizes,
 * identical field alignment under JNA's default alignment) and the flag values. The calls themselves
 * only run on Windows.
 */
class WindowsJobObjectsTest {

    @Test
    void structureSizesMatchWinntHOn64Bit() {
        assumeTrue(Native.POINTER_SIZE == 8, "64-bit layout");
        assertThat(new WindowsJobObjects.BasicLimitInformation().size()).isEqualTo(64);
        assertThat(new WindowsJobObjects.IoCounters().size()).isEqualTo(48);
        assertThat(new WindowsJobObjects.ExtendedLimitInformation().size()).isEqualTo(144);
        assertThat(new WindowsJobObjects.BasicAccountingInformation().size()).isEqualTo(48);
    }

    @Test
    void fieldOffsetsMatchWinntHOn64Bit() {
        assumeTrue(Native.POINTER_SIZE == 8, "64-bit layout");
        WindowsJobObjects.BasicLimitInformation basic = new WindowsJobObjects.BasicLimitInformation();
        assertThat(basic.offsetOf("LimitFlags")).isEqualTo(16);
        assertThat(basic.offsetOf("MinimumWorkingSetSize")).isEqualTo(24);
        assertThat(basic.offsetOf("ActiveProcessLimit")).isEqualTo(40);
        assertThat(basic.offsetOf("Affinity")).isEqualTo(48);
        assertThat(basic.offsetOf("SchedulingClass")).isEqualTo(60);
        WindowsJobObjects.ExtendedLimitInformation ext = new WindowsJobObjects.ExtendedLimitInformation();
        assertThat(ext.offsetOf("IoInfo")).isEqualTo(64);
        assertThat(ext.offsetOf("ProcessMemoryLimit")).isEqualTo(112);
        assertThat(new WindowsJobObjects.BasicAccountingInformation().offsetOf("ActiveProcesses")).isEqualTo(40);
    }

    @Test
    void killOnJobCloseIsTheOnlyLimitSet() {
        WindowsJobObjects.ExtendedLimitInformation info = WindowsJobObjects.ExtendedLimitInformation.killOnJobClose();
        assertThat(info.BasicLimitInformation.LimitFlags).isEqualTo(0x2000);
        assertThat(info.BasicLimitInformation.ActiveProcessLimit).isZero();
        assertThat(info.JobMemoryLimit.longValue()).isZero();
    }

    @Test
    void constantsMatchTheWindowsHeaders() {
        assertThat(WindowsJobObjects.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE).isEqualTo(0x2000);
        assertThat(WindowsJobObjects.JOB_OBJECT_EXTENDED_LIMIT_INFORMATION).isEqualTo(9);
        assertThat(WindowsJobObjects.JOB_OBJECT_BASIC_ACCOUNTING_INFORMATION).isEqualTo(1);
        assertThat(WindowsJobObjects.PROCESS_SET_QUOTA | WindowsJobObjects.PROCESS_TERMINATE).isEqualTo(0x0101);
    }
}
