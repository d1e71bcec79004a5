package dev.belay.launcher.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The vendor framework's {@code settings.txt}: line 1 the robot GUID, line 2 the orchestrator URL with
 * its scheme, line 3 optionally the logoff flag ({@code 0} = no logoff). Read as the lowest-priority
 * source, so that a machine set up for the vendor's framework needs no new configuration.
 */
final class VendorSettings {

    private VendorSettings() {
    }

    static Map<Key, String> read(Path file) throws ConfigurationException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read the vendor settings file " + file + ": " + e.getMessage());
        }
        Map<Key, String> values = new EnumMap<>(Key.class);
        // Notepad writes a BOM; the vendor's Python reads the lines with strip().
        List<String> clean = lines.stream().map(l -> l.replace("\uFEFF", "").strip()).filter(l -> !l.isEmpty()).toList();
        if (clean.size() > 0) {
            values.put(Key.ROBOT_GUID, clean.get(0));
        }
        if (clean.size() > 1) {
            values.put(Key.ORCHESTRATOR, clean.get(1));
        }
        if (clean.size() > 2) {
            values.put(Key.LOGOFF, clean.get(2).equals("0") ? "false" : "true");
        }
        return values;
    }
}
