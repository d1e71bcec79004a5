package dev.belay.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/belay} and its class data sharing archive, the way an RPA team installs it: copied with
 * the jar into a folder of their choosing, started by many agents, copied on to other machines.
 */
@DisabledOnOs(OS.WINDOWS)
class BinBelayIT {

    private static final Path SCRIPT = Path.of("../bin/belay").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void theArchiveIsMadeUsedAndMadeAgainInAFolderWithSpacesAndGlobCharactersInItsName() throws Exception {
        Path home = dir.resolve("robot tools [x86] *");
        Files.createDirectories(home);
        Files.copy(SCRIPT, home.resolve("belay"));
        home.resolve("belay").toFile().setExecutable(true);
        Files.copy(AgentProcess.JAR, home.resolve("belay-launcher.jar"));
        Path archive = home.resolve("belay-launcher.jsa");

        // The first run records the classes it loads and leaves the archive, its JDK and its length.
        assertThat(belay(home, "", "run", "--help").exitCode).isZero();
        assertThat(archive).isRegularFile();
        assertThat(Files.readString(home.resolve("belay-launcher.jsa.size")).strip()).isEqualTo(Long.toString(Files.size(archive)));

        // Every later start maps it: the path is one argument, spaces and all.
        Run mapped = belay(home, "-Xlog:cds=info:stdout", "version");
        assertThat(mapped.exitCode).as(mapped.output).isZero();
        assertThat(mapped.output).contains("Opened archive " + archive).contains("belay ");

        // Cut short, as by an interrupted copy of the folder: JDK 17 would crash at every start on it.
        try (RandomAccessFile file = new RandomAccessFile(archive.toFile(), "rw")) {
            file.setLength(file.length() / 2);
        }
        for (int i = 0; i < 2; i++) {
            Run without = belay(home, "-Xlog:cds=info:stdout", "version");
            assertThat(without.exitCode).as(without.output).isZero();
            assertThat(without.output).doesNotContain("Opened archive " + archive);
        }
        // ...and the next run makes a whole one again, which the starts after it map.
        assertThat(belay(home, "", "run", "--help").exitCode).isZero();
        assertThat(Files.readString(home.resolve("belay-launcher.jsa.size")).strip()).isEqualTo(Long.toString(Files.size(archive)));
        assertThat(belay(home, "-Xlog:cds=info:stdout", "version").output).contains("Opened archive " + archive);
    }

    private record Run(int exitCode, String output) {
    }

    private Run belay(Path home, String javaOpts, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sh", home.resolve("belay").toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("BELAY_") || k.startsWith("ROBOT_"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("HOME", dir.toString());
        if (!javaOpts.isEmpty()) {
            env.put("BELAY_JAVA_OPTS", javaOpts);
        }
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bin/belay " + String.join(" ", args) + " did not end in 120 s");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }
}
