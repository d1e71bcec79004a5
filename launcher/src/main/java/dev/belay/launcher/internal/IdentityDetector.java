package dev.belay.launcher.internal;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds what the heartbeat reports about this machine: its name, and the address and MAC of the
 * interface that routes to the orchestrator. Each can be overridden in the configuration.
 */
public final class IdentityDetector {

    private static final Logger log = LoggerFactory.getLogger(IdentityDetector.class);
    /** Sent when the route has no hardware address (loopback, some tunnels). */
    public static final String NO_MAC = "00-00-00-00-00-00";

    /** What was detected or configured. */
    public record Identity(String machine, String ip, String mac) { }

    private final boolean windows;
    private final java.util.Map<String, String> environment;

    public IdentityDetector(boolean windows, java.util.Map<String, String> environment) {
        this.windows = windows;
        this.environment = environment;
    }

    /** Each non-null override wins; the rest is detected. Never throws: a value that cannot be found is reported empty. */
    public Identity detect(URI orchestrator, String machineOverride, String ipOverride, String macOverride) {
        String machine = machineOverride != null ? machineOverride : machineName();
        InetAddress local = ipOverride != null && macOverride != null ? null : routeTo(orchestrator);
        String ip = ipOverride != null ? ipOverride : local == null ? "" : local.getHostAddress();
        String mac = macOverride != null ? macOverride : local == null ? NO_MAC : macOf(local);
        return new Identity(machine, ip, mac);
    }

    /** {@code COMPUTERNAME} on Windows (what the vendor's framework sends), the host name elsewhere. */
    String machineName() {
        if (windows && environment.get("COMPUTERNAME") != null) {
            return environment.get("COMPUTERNAME");
        }
        // The kernel's name, read without a DNS lookup (InetAddress.getLocalHost() can stall for seconds).
        try {
            Path proc = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(proc)) {
                String name = Files.readString(proc, StandardCharsets.US_ASCII).strip();
                if (!name.isEmpty()) {
                    return name;
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("cannot read the kernel host name", e);
        }
        String env = environment.getOrDefault("HOSTNAME", environment.get("COMPUTERNAME"));
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * The local address the OS would use to reach the orchestrator. Connecting a UDP socket sends no
     * packet: it only asks the routing table.
     */
    static InetAddress routeTo(URI orchestrator) {
        try (DatagramSocket socket = new DatagramSocket()) {
            int port = orchestrator.getPort() > 0 ? orchestrator.getPort()
                    : "https".equalsIgnoreCase(orchestrator.getScheme()) ? 443 : 80;
            socket.connect(new InetSocketAddress(orchestrator.getHost(), port));
            InetAddress local = socket.getLocalAddress();
            return local == null || local.isAnyLocalAddress() ? null : local;
        } catch (IOException | RuntimeException e) {
            log.warn("cannot find the route to {}: {}; IP and MAC are reported empty", orchestrator.getHost(), e.toString());
            return null;
        }
    }

    static String macOf(InetAddress local) {
        try {
            NetworkInterface nic = NetworkInterface.getByInetAddress(local);
            byte[] hw = nic == null ? null : nic.getHardwareAddress();
            return hw == null || hw.length == 0 ? NO_MAC : formatMac(hw);
        } catch (SocketException e) {
            return NO_MAC;
        }
    }

    /** Windows style, as the vendor's framework sends it: {@code AA-BB-CC-DD-EE-FF}. */
    static String formatMac(byte[] hw) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < hw.length; i++) {
            if (i > 0) {
                sb.append('-');
            }
            sb.append(String.format(Locale.ROOT, "%02X", hw[i]));
        }
        return sb.toString();
    }
}
