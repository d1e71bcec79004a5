package dev.belay.testkit.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The fixture scripts shipped in this jar. Each is copied with the common preamble prepended and its
 * placeholders filled in, so that every test gets its own report folder and process marker.
 */
final class Fixtures {

    private static final String BASE = "/dev/belay/testkit/contract/fixtures/";

    private final Path outDir;
    private final String marker;
    private final Path helper;

    /** Installs the helper process script at {@code helper}; fixtures report into {@code outDir}. */
    Fixtures(Path outDir, String marker, Path helper) {
        this.outDir = outDir;
        this.marker = marker;
        this.helper = helper;
        try {
            Files.writeString(helper, read("_helper.py"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the helper " + helper, e);
        }
    }

    /** Copies fixture {@code name} (e.g. {@code tree.py}) to {@code target}, creating its folders. */
    Path copy(String name, Path target) {
        return copy(name, target, Map.of());
    }

    Path copy(String name, Path target, Map<String, String> extra) {
        String text = read("_preamble.py") + "\n" + read(name);
        // A raw Python string cannot end in a backslash; report paths never do.
        text = text.replace("@@OUT@@", outDir.toAbsolutePath().toString()).replace("@@MARKER@@", marker)
                .replace("@@HELPER@@", helper.toAbsolutePath().toString());
        for (Map.Entry<String, String> e : extra.entrySet()) {
            text = text.replace("@@" + e.getKey() + "@@", e.getValue());
        }
        try {
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            Files.writeString(target, text, StandardCharsets.UTF_8);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write fixture " + target, e);
        }
    }

    private static String read(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("fixture missing from the testkit jar: " + BASE + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
