package dev.belay.launcher;

import java.util.List;

/**
 * The JVM flags the agent is meant to run with — the same as in {@code bin/belay} and
 * {@code bin/belay.cmd}, and those {@code install-task} writes into the scheduled task. A robot
 * machine hosts many sessions, each with its own agent: a small heap, the serial collector and the
 * C1 compiler only keep each agent's memory and CPU small; the agent's hot paths are I/O bound. No
 * hsperfdata file ({@code -XX:-UsePerfData}: {@code jcmd <pid>} still works, {@code jps} does not list
 * the agent). The class data sharing archive ({@code belay-launcher.jsa}) is added by the wrappers when
 * it exists and fits; see {@code bin/belay}.
 *
 * <p>{@code -XX:ArchiveRelocationMode=0} maps the class data sharing archives (the JDK's and ours) at
 * the address they were made for. JDK 20+ (and 17 updates such as 17.0.15) map them at a random address and
 * then rewrite every pointer inside: each agent ends up with a private, written copy of ~24 MiB that
 * the agents of a machine can no longer share (BENCHMARKS.md: PSS per agent). The price is that the
 * class metadata of the agent sits at a predictable address (as it did on every JDK before that
 * change); {@code BELAY_JAVA_OPTS=-XX:ArchiveRelocationMode=1} restores the randomisation.
 *
 * <p>{@code -Xms4m -Xmn1m}: an agent's live heap is a few megabytes, and a young generation of 1 MiB
 * keeps few pages of it resident between the collections a heartbeat's garbage needs (steady RSS
 * −0.35 MiB over http, −1.0 MiB over https, CPU and start unchanged; BENCHMARKS.md). {@code -Xmn}
 * fixes the young generation's size whatever {@code -Xmx} says: whoever gives the agent a much larger
 * heap through {@code BELAY_JAVA_OPTS} should give a larger {@code -Xmn} with it (the later flag wins).
 *
 * <p>An idle agent should cost nothing. {@code CompileThresholdScaling=5} compiles only what runs
 * five times as often as the JVM's default asks (the start-up code runs once; the output pump's loop
 * still compiles within its first megabyte), which took ~15% off the CPU of a start plus a 10 s job.
 * {@code GuaranteedSafepointInterval=0} (the default from JDK 25 on) and
 * {@code AsyncDeflationInterval=5000} stop the VM thread's once-a-second safepoint and the monitor
 * deflation thread's four wake-ups a second, ~20% of an idle agent's CPU (per-thread {@code /proc}
 * figures in BENCHMARKS.md).
 */
public final class JvmFlags {

    public static final List<String> RECOMMENDED = List.of(
            "-XX:+UseSerialGC",
            "-Xms4m",
            "-Xmn1m",
            "-Xmx64m",
            "-Xss512k",
            "-XX:TieredStopAtLevel=1",
            "-XX:CICompilerCount=1",
            "-XX:ReservedCodeCacheSize=16m",
            "-XX:MaxMetaspaceSize=64m",
            "-XX:-UsePerfData",
            "-Xshare:auto",
            "-XX:CompileThresholdScaling=5",
            "-XX:+UnlockDiagnosticVMOptions",
            "-XX:ArchiveRelocationMode=0",
            "-XX:GuaranteedSafepointInterval=0",
            "-XX:AsyncDeflationInterval=5000");

    private JvmFlags() {
    }
}
