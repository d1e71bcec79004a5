package dev.belay.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatTimeFileTest {

    @TempDir
    Path dir;

    @Test
    void aShorterTimeWrittenOverALongerOneReadsBackWithNoTailOfTheOldOne() throws Exception {
        Path path = dir.resolve("last-heartbeat");
        HeartbeatTimeFile file = new HeartbeatTimeFile(path);
        Instant precise = Instant.parse("2026-11-29T10:36:30.123456789Z");
        Instant whole = Instant.parse("2026-11-29T10:36:31Z");

        file.write(precise);
        assertThat(file.read()).isEqualTo(precise);
        file.write(whole); // 20 characters over 30
        file.close();

        assertThat(new HeartbeatTimeFile(path).read()).isEqualTo(whole);
        assertThat(Files.readString(path, StandardCharsets.US_ASCII))
                .hasSize(HeartbeatTimeFile.RECORD_LENGTH)
                .isEqualTo(whole + " ".repeat(HeartbeatTimeFile.RECORD_LENGTH - 1 - whole.toString().length()) + "\n");
    }

    @Test
    void readsTheUnpaddedTextOfAnEarlierVersionAndReplacesALongerFileWhole() throws Exception {
        Path path = dir.resolve("last-heartbeat");
        Instant earlier = Instant.parse("2026-11-29T10:00:00.5Z");
        Files.writeString(path, earlier.toString());
        assertThat(new HeartbeatTimeFile(path).read()).isEqualTo(earlier);

        Files.writeString(path, "x".repeat(500));
        HeartbeatTimeFile file = new HeartbeatTimeFile(path);
        assertThat(file.read()).isNull();
        Instant now = Instant.parse("2026-11-29T10:00:01Z");
        file.write(now);
        file.close();
        assertThat(Files.size(path)).isEqualTo(HeartbeatTimeFile.RECORD_LENGTH);
        assertThat(new HeartbeatTimeFile(path).read()).isEqualTo(now);
    }

    @Test
    void aMissingFileReadsAsNoTimeAndAFailedWriteReopensOnTheNextOne() throws Exception {
        Path path = dir.resolve("state").resolve("last-heartbeat");
        HeartbeatTimeFile file = new HeartbeatTimeFile(path);
        assertThat(file.read()).isNull();

        Instant first = Instant.parse("2026-11-29T10:00:00Z");
        assertThatThrownBy(() -> file.write(first))
                .isInstanceOf(NoSuchFileException.class);

        Files.createDirectories(path.getParent());
        Instant second = Instant.parse("2026-11-29T10:00:01Z");
        file.write(second);
        file.close();
        assertThat(file.read()).isEqualTo(second);
    }
}
