package dev.belay.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.belay.testkit.fake.FakeJob;
import dev.belay.testkit.fake.FakeOrchestrator;
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
        Path home = install("robot tools [x86] *");
        Path archive = home.resolve("belay-launcher.jsa");
        try (FakeOrchestrator fake = FakeOrchestrator.builder().build().start()) {
            String guid = FakeOrchestrator.newRobotGuid();
            fake.registerRobot(guid);

            // Help, and a run stopped by a configuration error, load next to none of the agent's classes:
            // an archive of them would be mapped by every later start. They make none.
            assertThat(belay(home, "", "run", "--help").exitCode).isZero();
            assertThat(belay(home, "", "run").exitCode).as("no orchestrator URL, no GUID").isEqualTo(2);
            assertThat(archive).doesNotExist();
            assertThat(home.resolve("belay-launcher.jsa.size")).doesNotExist();

            // The first run that reaches the orchestrator records the classes it loads and leaves the
            // archive, its JDK and its length.
            Run first = runWithNoJobLeft(home, fake, guid);
            assertThat(first.exitCode).as(first.output).isZero();
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
            assertThat(runWithNoJobLeft(home, fake, guid).exitCode).isZero();
            assertThat(Files.readString(home.resolve("belay-launcher.jsa.size")).strip()).isEqualTo(Long.toString(Files.size(archive)));
            assertThat(belay(home, "-Xlog:cds=info:stdout", "version").output).contains("Opened archive " + archive);
        }
    }

    /**
     * An agent stopped the orderly way (SIGTERM: the wrapper passes it on, the agent stops and exits 130)
     * still leaves its archive; and an archive made before the length record is used as it is, which a
     * folder the agents cannot write to depends on.
     */
    @Test
    void aTrainingRunStoppedBySigtermKeepsItsArchiveAndOneWithoutALengthRecordIsUsed() throws Exception {
        Path home = install("robot tools");
        Path archive = home.resolve("belay-launcher.jsa");
        Path out = dir.resolve("agent.txt");
        Path scripts = Files.createDirectories(dir.resolve("scripts"));
        Files.writeString(scripts.resolve("wait.py"), "import time\ntime.sleep(60)\n");
        try (FakeOrchestrator fake = FakeOrchestrator.builder().build().start()) {
            String guid = FakeOrchestrator.newRobotGuid();
            fake.registerRobot(guid);
            fake.enqueue(FakeJob.of("wait"));
            ProcessBuilder pb = command(home, "", "run", "--orchestrator", fake.baseUrl(), "--state-dir",
                    dir.resolve("state").toString(), "--scripts-dir", scripts.toString(), "--stop-grace", "2s")
                    .redirectOutput(out.toFile());
            pb.environment().put("ROBOT_GUID", guid);
            Process agent = pb.start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!Files.readString(out).contains("started script")) { // the job runs: stop the agent now
                    assertThat(System.nanoTime() < deadline && agent.isAlive()).as(Files.readString(out)).isTrue();
                    agent.waitFor(20, TimeUnit.MILLISECONDS);
                }
                agent.destroy(); // SIGTERM to the wrapper, which passes it on
                assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(agent.exitValue()).as(Files.readString(out)).isEqualTo(130);
            } finally {
                killTree(agent);
            }
        }
        assertThat(archive).isRegularFile();
        assertThat(belay(home, "-Xlog:cds=info:stdout", "version").output).contains("Opened archive " + archive);

        Files.delete(home.resolve("belay-launcher.jsa.size"));
        assertThat(belay(home, "-Xlog:cds=info:stdout", "version").output).as("no record: used as it is")
                .contains("Opened archive " + archive);
    }

    /**
     * Started through a symbolic link in another folder (as from {@code /usr/local/bin}), the wrapper
     * finds the jar next to its target; a BELAY_JAR that is no file is named as the problem.
     */
    @Test
    void startedThroughASymbolicLinkTheWrapperFindsTheJarNextToItsTarget() throws Exception {
        Path home = install("installed");
        Path link = Files.createDirectories(dir.resolve("bin-links")).resolve("belay");
        Files.createSymbolicLink(link, home.resolve("belay"));

        ProcessBuilder pb = command(home, "", "version");
        pb.command().set(1, link.toString());
        Run viaLink = finish(pb, "version through a link");
        assertThat(viaLink.exitCode).as(viaLink.output).isZero();
        assertThat(viaLink.output).startsWith("belay ");

        ProcessBuilder wrongJar = command(home, "", "version");
        wrongJar.environment().put("BELAY_JAR", dir.resolve("nowhere.jar").toString());
        Run refused = finish(wrongJar, "version with a wrong BELAY_JAR");
        assertThat(refused.exitCode).isEqualTo(2);
        assertThat(refused.output).contains("BELAY_JAR is set to " + dir.resolve("nowhere.jar") + ", which is not a file");
    }

    private Path install(String folder) throws IOException {
        Path home = dir.resolve(folder);
        Files.createDirectories(home);
        Files.copy(SCRIPT, home.resolve("belay"));
        Files.copy(AgentProcess.JAR, home.resolve("belay-launcher.jar"));
        return home;
    }

    private record Run(int exitCode, String output) {
    }

    /** {@code belay run} against the fake with no job queued: one heartbeat, exit 0. */
    private Run runWithNoJobLeft(Path home, FakeOrchestrator fake, String guid) throws IOException, InterruptedException {
        Path scripts = Files.createDirectories(dir.resolve("scripts"));
        ProcessBuilder pb = command(home, "", "run", "--orchestrator", fake.baseUrl(), "--state-dir",
                dir.resolve("state").toString(), "--scripts-dir", scripts.toString());
        pb.environment().put("ROBOT_GUID", guid);
        return finish(pb, "run");
    }

    private Run belay(Path home, String javaOpts, String... args) throws IOException, InterruptedException {
        return finish(command(home, javaOpts, args), String.join(" ", args));
    }

    private Run finish(ProcessBuilder pb, String what) throws IOException, InterruptedException {
        Path out = dir.resolve("out.txt");
        Process p = pb.redirectOutput(out.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            killTree(p);
            throw new AssertionError("bin/belay " + what + " did not end in 120 s");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    /** The wrapper and whatever it started (the JVM, a script): killing {@code sh} alone would orphan them. */
    private static void killTree(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /** {@code sh belay args} in a clean environment; stderr with stdout. */
    private ProcessBuilder command(Path home, String javaOpts, String... args) {
        List<String> command = new ArrayList<>(List.of("sh", home.resolve("belay").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("BELAY_") || k.startsWith("ROBOT_"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("HOME", dir.toString()); // no settings of this machine's user: a configuration error must be the test's
        env.put("XDG_STATE_HOME", dir.resolve("xdg-state").toString());
        env.put("APPDATA", dir.resolve("appdata").toString());
        env.put("LOCALAPPDATA", dir.resolve("localappdata").toString());
        if (!javaOpts.isEmpty()) {
            env.put("BELAY_JAVA_OPTS", javaOpts);
        }
        return pb;
    }
}
