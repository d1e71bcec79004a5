package dev.belay.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** A case's folder: {@code scripts/rel/*.py}, and {@code evil.py} wherever a hostile name could lead. */
final class Scripts {
    private Scripts() {
    }

    static void install(Path dir) throws IOException {
        deleteRecursively(dir);
        Path scripts = Files.createDirectories(dir.resolve("scripts").resolve("rel"));
        for (String s : List.of("work", "tree", "hold", "daemon")) {
            copy("rel/" + s + ".py", scripts.resolve(s + ".py"));
        }
        // Every place a hostile name could escape to holds a script that leaves a canary if it ever runs.
        copy("outside/evil.py", Files.createDirectories(dir.resolve("outside")).resolve("evil.py"));
        copy("outside/evil.py", Files.createDirectories(dir.resolve("home")).resolve("evil.py"));
        copy("outside/evil.py", dir.resolve("evil.py"));
        // Reserved Windows device names must be refused on every OS: if one is not, these run and leave a canary.
        copy("outside/evil.py", dir.resolve("scripts").resolve("CON.py"));
        copy("outside/evil.py", dir.resolve("scripts").resolve("COM1.py"));
        copy("outside/evil.py", scripts.resolve("NUL.py"));
    }

    static List<Path> canaries(Path dir) {
        return List.of(dir.resolve("CANARY"), dir.resolve("outside").resolve("CANARY"), dir.resolve("home").resolve("CANARY"),
                dir.resolve("scripts").resolve("CANARY"), dir.resolve("scripts").resolve("rel").resolve("CANARY"));
    }

    private static void copy(String resource, Path to) throws IOException {
        try (InputStream in = Scripts.class.getResourceAsStream("/rel-scripts/" + resource)) {
            if (in == null) {
                throw new IOException("missing resource " + resource);
            }
            Files.copy(in, to);
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
