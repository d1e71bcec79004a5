package dev.belay.runner.python.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Python side shipped in this jar (the bootstrap and the helper module), extracted to a folder
 * named after their content: a new agent version never runs an old bootstrap, and two agents never
 * write the same file differently. Files are re-checked byte for byte before each use is handed out.
 */
public final class BootstrapFiles {

    public static final String BOOTSTRAP = "belay_bootstrap.py";
    public static final String HELPER = "belay_robot.py";

    private final Path cacheRoot;
    private Path extracted;

    public BootstrapFiles(Path cacheRoot) {
        this.cacheRoot = cacheRoot;
    }

    /** The folder holding both files, to put on PYTHONPATH; extracts on first use. */
    public synchronized Path folder() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(BOOTSTRAP, resource(BOOTSTRAP));
        files.put(HELPER, resource(HELPER));
        Path dir = cacheRoot.resolve("py-" + digest(files));
        if (extracted != null && matches(extracted, files)) {
            return extracted;
        }
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path target = dir.resolve(f.getKey());
            if (Files.isRegularFile(target) && java.util.Arrays.equals(Files.readAllBytes(target), f.getValue())) {
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
            if (!Files.isRegularFile(p) || !java.util.Arrays.equals(Files.readAllBytes(p), f.getValue())) {
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

    private static String digest(Map<String, byte[]> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                sha.update(f.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update(f.getValue());
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
