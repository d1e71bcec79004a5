package dev.belay.runner.python.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * The Python side shipped in this jar (the bootstrap and the helper module), extracted to a folder
 * named after their content: a new agent version never runs an old bootstrap, and two agents never
 * write the same file differently. Files are re-checked byte for byte before each use is handed out.
 */
public final class BootstrapFiles {

    public static final String BOOTSTRAP = "belay_bootstrap.py";
    public static final String HELPER = "belay_robot.py";

    private final Path cacheRoot;
    private Map<String, byte[]> files; // read from the jar once
    private Path dir;
    private Path extracted;

    public BootstrapFiles(Path cacheRoot) {
        this.cacheRoot = cacheRoot;
    }

    /** The folder holding both files, to put on PYTHONPATH; extracts on first use. */
    public synchronized Path folder() throws IOException {
        if (files == null) {
            Map<String, byte[]> shipped = new LinkedHashMap<>();
            shipped.put(BOOTSTRAP, resource(BOOTSTRAP));
            shipped.put(HELPER, resource(HELPER));
            dir = cacheRoot.resolve("py-" + digest(shipped));
            files = shipped;
        }
        if (extracted != null && matches(extracted, files)) {
            return extracted;
        }
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path target = dir.resolve(f.getKey());
            if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), f.getValue())) {
                continue;
            }
            Path tmp = Files.createTempFile(dir, f.getKey(), ".tmp");
            Files.write(tmp, f.getValue());
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        extracted = dir;
        return dir;
    }

    private static boolean matches(Path dir, Map<String, byte[]> files) throws IOException {
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path p = dir.resolve(f.getKey());
            if (!Files.isRegularFile(p) || !Arrays.equals(Files.readAllBytes(p), f.getValue())) {
                return false;
            }
        }
        return true;
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = BootstrapFiles.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource missing from the runner jar: " + name);
            }
            return in.readAllBytes();
        }
    }

    /**
     * 64 bits of checksum (CRC-32 and CRC-32C) over the names and contents: enough to tell our own
     * shipped files apart, and no {@code MessageDigest}, whose first use costs ~25 ms of CPU in every
     * agent's first job (the security provider's start-up, then SHA-256 interpreted). A clash would
     * only share a folder: its files are compared byte for byte before each use and rewritten if
     * they differ.
     */
    static String digest(Map<String, byte[]> files) {
        CRC32 crc32 = new CRC32();
        CRC32C crc32c = new CRC32C();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            byte[] name = f.getKey().getBytes(StandardCharsets.UTF_8);
            for (Checksum c : new Checksum[] {crc32, crc32c}) {
                c.update(name);
                c.update(0);
                c.update(f.getValue());
            }
        }
        return HexFormat.of().toHexDigits(crc32.getValue() << 32 | crc32c.getValue());
    }
}
