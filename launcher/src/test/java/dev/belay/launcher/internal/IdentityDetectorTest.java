package dev.belay.launcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentityDetectorTest {

    @Test
    void macIsFormattedWindowsStyle() {
        assertThat(IdentityDetector.formatMac(new byte[] {0x0a, (byte) 0xbc, 0, 1, (byte) 0xff, 0x10}))
                .isEqualTo("0A-BC-00-01-FF-10");
    }

    @Test
    void overridesWinOverDetection() {
        IdentityDetector.Identity id = new IdentityDetector(false, Map.of())
                .detect(URI.create("http://127.0.0.1:4500"), "ROBOT-01", "10.0.0.7", "AA-BB-CC-DD-EE-FF");

        assertThat(id).isEqualTo(new IdentityDetector.Identity("ROBOT-01", "10.0.0.7", "AA-BB-CC-DD-EE-FF"));
    }

    @Test
    void theRouteToALoopbackOrchestratorIsTheLoopbackInterface() {
        IdentityDetector.Identity id = new IdentityDetector(false, Map.of()).detect(URI.create("http://127.0.0.1:4500"), null, null, null);

        assertThat(id.ip()).isEqualTo("127.0.0.1");
        assertThat(id.mac()).as("loopback has no hardware address").isEqualTo(IdentityDetector.NO_MAC);
        assertThat(id.machine()).isNotBlank();
    }

    @Test
    void windowsReportsComputerName() {
        assertThat(new IdentityDetector(true, Map.of("COMPUTERNAME", "RPA-SRV-07")).machineName()).isEqualTo("RPA-SRV-07");
    }
}
