package dev.belay.runner.python.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinuxProcTableTest {

    @Test
    void statParsingSurvivesSpacesAndParenthesesInTheCommandName() {
        String stat = "4242 (evil) (name) x) S 1 4200 4100 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10";
        ProcEntry e = LinuxProcTable.parseStat(4242, stat);
        assertThat(e).isEqualTo(new ProcEntry(4242, 'S', 1, 4200, 4100, 987654));
    }

    @Test
    void zombiesAreNotAlive() {
        assertThat(new ProcEntry(1, 'Z', 0, 0, 0, 0).alive()).isFalse();
        assertThat(new ProcEntry(1, 'S', 0, 0, 0, 0).alive()).isTrue();
    }

    @Test
    void membersAreTheSessionTheGroupAndTheirDescendantsButNeverTheAgent() {
        List<ProcEntry> table = List.of(
                new ProcEntry(100, 'S', 50, 50, 50, 1),    // the agent (selfPid)
                new ProcEntry(200, 'S', 100, 200, 200, 2), // the script, session leader
                new ProcEntry(201, 'S', 1, 200, 200, 3),   // re-parented child, same session
                new ProcEntry(300, 'S', 201, 300, 300, 4), // descendant that left the session
                new ProcEntry(202, 'Z', 200, 200, 200, 5), // zombie: not alive
                new ProcEntry(400, 'S', 1, 400, 400, 6));  // a stranger
        List<ProcEntry> members = LinuxProcessGroup.members(table, 200, null, 100);
        assertThat(members).extracting(ProcEntry::pid).containsExactlyInAnyOrder(200L, 201L, 300L);
    }

    @Test
    void readsThisJvmFromProc() {
        assumeTrue(LinuxProcTable.available());
        long self = ProcessHandle.current().pid();
        assertThat(LinuxProcTable.read(self)).hasValueSatisfying(e -> assertThat(e.alive()).isTrue());
        assertThat(LinuxProcTable.snapshot()).anyMatch(e -> e.pid() == self);
    }

    @Test
    void aLineThatEndsBeforeTheStartTimeOrHoldsNoNumberThereIsNoEntry() {
        assertThat(LinuxProcTable.parseStat(7, "7 (short) S 1 7 7 0 -1")).isNull();
        assertThat(LinuxProcTable.parseStat(7, "7 (no parenthesis S 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5")).isNull();
        assertThat(LinuxProcTable.parseStat(7, "7 (x) S 1 seven 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5")).isNull();
        assertThat(LinuxProcTable.parseStat(7, "7 (x) S 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5\n"))
                .isEqualTo(new ProcEntry(7, 'S', 1, 7, 7, 5));
    }

    /** The byte parser against the plain reading it replaced, on every process this machine has now. */
    @Test
    void everyLiveProcessParsesAsTheSplitOfItsStatLineSays() throws IOException {
        assumeTrue(LinuxProcTable.available());
        int compared = 0;
        for (String name : new java.io.File("/proc").list()) {
            if (!name.chars().allMatch(Character::isDigit)) {
                continue;
            }
            String stat;
            try {
                stat = Files.readString(Path.of("/proc", name, "stat"), StandardCharsets.ISO_8859_1);
            } catch (IOException gone) {
                continue;
            }
            long pid = Long.parseLong(name);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            ProcEntry expected = new ProcEntry(pid, f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[2]),
                    Long.parseLong(f[3]), Long.parseLong(f[19]));
            assertThat(LinuxProcTable.parseStat(pid, stat)).as(stat).isEqualTo(expected);
            compared++;
        }
        assertThat(compared).isGreaterThan(1);
        assertThat(LinuxProcTable.snapshot()).hasSizeGreaterThan(1);
    }
}
