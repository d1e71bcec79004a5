package dev.belay.runner.python.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PosixSignalsTest {

    @Test
    void killGroupKillsEveryProcessOfTheGroup() throws Exception {
        assumeTrue(!Os.isWindows() && LinuxProcTable.available());
        // setsid makes the shell a group leader (pgid = its pid); its sleep child is in the same group.
        Process leader = new ProcessBuilder("setsid", "sh", "-c", "sleep 60 & wait").start();
        try {
            long pgid = leader.pid();
            long[] child = new long[1];
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (child[0] == 0 && System.nanoTime() < end) {
                LinuxProcTable.snapshot().stream().filter(e -> e.ppid() == pgid && e.pgrp() == pgid)
                        .findFirst().ifPresent(e -> child[0] = e.pid());
                Thread.sleep(10);
            }
            assertThat(child[0]).as("the group's sleep").isPositive();

            assertThat(PosixSignals.load().killGroup(pgid)).isTrue();

            assertThat(leader.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(leader.exitValue()).isEqualTo(128 + PosixSignals.SIGKILL);
            end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (LinuxProcTable.read(child[0]).map(ProcEntry::alive).orElse(false) && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            assertThat(LinuxProcTable.read(child[0]).map(ProcEntry::alive).orElse(false)).isFalse();
        } finally {
            leader.destroyForcibly();
        }
    }

    @Test
    void killGroupRefusesTheInitAndInvalidGroups() {
        assertThat(PosixSignals.load().killGroup(1)).isFalse();
        assertThat(PosixSignals.load().killGroup(0)).isFalse();
    }
}
