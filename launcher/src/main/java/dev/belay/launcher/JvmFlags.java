package dev.belay.launcher;

import java.util.List;

/**
 * The JVM flags the agent is meant to run with — the same as in {@code bin/belay} and
 * {@code bin/belay.cmd}, and those {@code install-task} writes into the scheduled task. A robot
 * machine hosts many sessions, each with its own agent: a small heap, the serial collector and the
 * C1 compiler only keep each agent's memory and CPU small; the agent's hot paths are I/O bound.
 */
public final class JvmFlags {

    public static final List<String> RECOMMENDED = List.of(
            "-XX:+UseSerialGC",
            "-Xms8m",
            "-Xmx64m",
            "-Xss512k",
            "-XX:TieredStopAtLevel=1",
            "-XX:CICompilerCount=1",
            "-XX:ReservedCodeCacheSize=16m",
            "-XX:MaxMetaspaceSize=64m",
            "-Xshare:auto");

    private JvmFlags() {
    }
}
