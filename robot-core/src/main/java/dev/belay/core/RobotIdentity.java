package dev.belay.core;

import java.util.Objects;

/**
 * What this robot says about itself on every heartbeat.
 *
 * @param machine computer name
 * @param ip      local address of the interface that routes to the orchestrator
 * @param mac     that interface's MAC address, {@code AA-BB-CC-DD-EE-FF}
 */
public record RobotIdentity(String machine, String ip, String mac) {

    public RobotIdentity {
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(mac, "mac");
    }
}
