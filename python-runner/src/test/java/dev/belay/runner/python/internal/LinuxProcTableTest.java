package dev.belay.runner.python.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
}
