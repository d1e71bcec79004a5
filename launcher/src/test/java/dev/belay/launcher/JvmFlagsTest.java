package dev.belay.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The wrappers, the scheduled task and the class that documents the flags must not drift apart. */
class JvmFlagsTest {

    private static final Path BIN = Path.of(System.getProperty("user.dir")).resolve("../bin").normalize();

    @Test
    void posixWrapperUsesEveryRecommendedFlag() throws Exception {
        String script = Files.readString(BIN.resolve("belay"));
        assertThat(JvmFlags.RECOMMENDED).allSatisfy(flag -> assertThat(script).contains(flag));
    }

    @Test
    void windowsWrapperUsesEveryRecommendedFlag() throws Exception {
        String script = Files.readString(BIN.resolve("belay.cmd"));
        assertThat(JvmFlags.RECOMMENDED).allSatisfy(flag -> assertThat(script).contains(flag));
        assertThat(script).as("cmd.exe needs CRLF line ends").contains("\r\n");
    }
}
