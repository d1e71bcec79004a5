package dev.belay.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduled task maps the wrappers' class data sharing archive only when it is whole. */
class InstallTaskArchiveTest {

    @TempDir
    Path dir;

    @Test
    void anArchiveOfTheRecordedLengthIsTakenAndOneCutShortIsNot() throws Exception {
        Path archive = Files.write(dir.resolve("belay-launcher.jsa"), new byte[1000]);
        Path record = dir.resolve("belay-launcher.jsa.size");

        assertThat(InstallTaskCommand.whole(archive)).as("made before the record existed").isTrue();
        Files.writeString(record, "1000\r\n"); // as belay.cmd writes it
        assertThat(InstallTaskCommand.whole(archive)).isTrue();
        Files.write(archive, new byte[500]);
        assertThat(InstallTaskCommand.whole(archive)).as("cut short").isFalse();
        Files.writeString(record, "not a number\n");
        assertThat(InstallTaskCommand.whole(archive)).isFalse();
    }
}
