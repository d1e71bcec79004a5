package dev.belay.client;

import java.util.Objects;

/**
 * What a robot reports on each heartbeat. The robot GUID is not here: it belongs to the client's
 * configuration, so that it is never copied into values that may be logged.
 *
 * @param machine computer name
 * @param ip      local address of the interface that routes to the orchestrator
 * @param mac     that interface's MAC address, {@code AA-BB-CC-DD-EE-FF}
 * @param status  {@link RobotStatus#READY} or {@link RobotStatus#WORKING}
 * @param jobGuid the running job's GUID, empty while no job runs
 * @param jobName the running script's name, empty while no job runs
 */
public record Heartbeat(String machine, String ip, String mac, RobotStatus status, String jobGuid, String jobName) {

    public Heartbeat {
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(status, "status");
        jobGuid = jobGuid == null ? "" : jobGuid;
        jobName = jobName == null ? "" : jobName;
    }

    public static Heartbeat ready(String machine, String ip, String mac) {
        return new Heartbeat(machine, ip, mac, RobotStatus.READY, "", "");
    }

    public static Heartbeat working(String machine, String ip, String mac, String jobGuid, String jobName) {
        return new Heartbeat(machine, ip, mac, RobotStatus.WORKING, jobGuid, jobName);
    }
}
