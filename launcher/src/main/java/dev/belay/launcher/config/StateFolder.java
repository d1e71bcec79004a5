package dev.belay.launcher.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether the state folder (outbox, journal, {@code logs}) is a folder or can be made one, from the file
 * system alone and without making it: {@code check} changes nothing, and {@code run} creates it just
 * after (a failure there, such as a full disk, is still a configuration error).
 */
final class StateFolder {

    private StateFolder() {
    }

    static Optional<String> problem(Path stateDir) {
        Path dir = stateDir.toAbsolutePath().normalize();
        for (Path p : new Path[] {dir.resolve("logs"), dir}) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                return Optional.of(p + " is a file, not a folder");
            }
        }
        if (Files.isDirectory(dir)) {
            return Files.isWritable(dir) ? Optional.empty() : Optional.of(dir + " is not writable");
        }
        // Not there yet: the nearest existing parent must be a folder this user may create folders in.
        for (Path parent = dir.getParent(); parent != null; parent = parent.getParent()) {
            if (Files.exists(parent)) {
                if (!Files.isDirectory(parent)) {
                    return Optional.of(dir + " cannot be created: " + parent + " is a file");
                }
                return Files.isWritable(parent) ? Optional.empty()
                        : Optional.of(dir + " cannot be created: " + parent + " is not writable");
            }
        }
        return Optional.of(dir + " cannot be created: no part of it exists");
    }
}
