package dev.belay.core.internal;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-job folders handed to the runner ({@code jobs/<job>/}: Task file, stop file, output log).
 * A robot runs for years: only the most recent ones are kept, for a person looking into a recent job.
 */
final class JobDirs {

    private static final Logger log = LoggerFactory.getLogger(JobDirs.class);

    private final Path root;
    private final int keep;

    JobDirs(Path root, int keep) {
        this.root = root;
        this.keep = keep;
    }

    Path create(String jobGuid) throws IOException {
        return Files.createDirectories(root.resolve(StateFiles.safeName(jobGuid)));
    }

    /** Deletes all but the {@code keep} most recently modified job folders. Never throws. */
    void prune() {
        if (!Files.isDirectory(root)) {
            return;
        }
        List<Map.Entry<Path, FileTime>> dirs = new ArrayList<>();
        try (Stream<Path> all = Files.list(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isDirectory(p)) {
                    dirs.add(Map.entry(p, Files.getLastModifiedTime(p)));
                }
            }
        } catch (IOException e) {
            log.debug("cannot list {}: {}", root, e.toString());
            return;
        }
        dirs.sort(Map.Entry.<Path, FileTime>comparingByValue(Comparator.reverseOrder()));
        for (int i = keep; i < dirs.size(); i++) {
            deleteTree(dirs.get(i).getKey());
        }
    }

    private static void deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            log.debug("cannot delete old job folder {}: {}", dir, e.toString());
        }
    }
}
