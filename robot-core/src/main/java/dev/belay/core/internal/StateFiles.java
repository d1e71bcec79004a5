package dev.belay.core.internal;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One folder of small key=value state files, written so that a crash at any instant leaves either
 * the old file or the new one, never a torn one: temp file in the same folder, fsync, atomic rename,
 * fsync of the folder (where the OS allows opening a folder; Windows does not, and NTFS's rename is
 * journaled). A file that cannot be parsed is moved aside with a warning, never fatal.
 */
final class StateFiles {

    private static final Logger log = LoggerFactory.getLogger(StateFiles.class);
    private static final String SUFFIX = ".state";
    private static final String TEMP_SUFFIX = ".tmp";
    /** GUIDs come from the network: only this shape is used as a file name as is. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,79}");

    private final Path dir;

    /**
     * Creates the folder if missing and deletes the temp files a crashed writer left. Only for the holder of
     * the state folder's lock: another agent's write in progress is a temp file too. A folder that cannot be
     * prepared is logged, not thrown: the robot checked it could create it when it was built, and a disk that
     * fails later fails each write, which the loop already survives.
     */
    StateFiles(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
            // A temp file is what a crash in the middle of a write leaves: never data, always garbage.
            try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, "*" + TEMP_SUFFIX)) {
                for (Path t : temps) {
                    Files.deleteIfExists(t);
                }
            }
        } catch (IOException e) {
            log.warn("State folder {} cannot be prepared ({}); its writes will fail", dir, e.toString());
        }
    }

    Path dir() {
        return dir;
    }

    /**
     * A file name for a key that came from the network: the key itself when it is harmless, else a
     * hash (the real key is always inside the file).
     */
    static String safeName(String key) {
        if (SAFE_NAME.matcher(key).matches()) {
            return key;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "h-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    Path fileFor(String key) {
        return dir.resolve(safeName(key) + SUFFIX);
    }

    void write(String key, Map<String, String> values) {
        Path target = fileFor(key);
        Path temp = dir.resolve(safeName(key) + SUFFIX + TEMP_SUFFIX);
        try {
            ByteBuffer bytes = ByteBuffer.wrap(propertiesText(values).getBytes(StandardCharsets.UTF_8));
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
                ch.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDir();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write state file " + target, e);
        }
    }

    /**
     * What {@link Properties#store(java.io.Writer, String)} writes, without its date comment, keys in
     * order: the same escapes, so that {@link Properties#load} reads every value back exactly
     * (StateFilesTest holds the two to each other). The date comment is why: {@code Date.toString()}
     * looks up the time zone's name, which starts the locale data providers — ~30 ms of CPU in an
     * agent's first job, for a line nobody reads.
     */
    static String propertiesText(Map<String, String> values) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
            escape(text, e.getKey(), true);
            text.append('=');
            escape(text, e.getValue(), false);
            text.append('\n');
        }
        return text.toString();
    }

    /** {@code Properties.saveConvert} for a {@code Writer} (characters beyond ASCII are kept as they are). */
    private static void escape(StringBuilder out, String s, boolean isKey) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 61 && c < 127) {
                if (c == '\\') {
                    out.append('\\');
                }
                out.append(c);
                continue;
            }
            switch (c) {
                case ' ' -> out.append(i == 0 || isKey ? "\\ " : " ");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\f' -> out.append("\\f");
                case '=', ':', '#', '!' -> out.append('\\').append(c);
                default -> out.append(c);
            }
        }
    }

    void delete(String key) {
        try {
            if (Files.deleteIfExists(fileFor(key))) {
                syncDir();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete state file " + fileFor(key), e);
        }
    }

    boolean exists(String key) {
        return Files.exists(fileFor(key));
    }

    /** Moves a file to {@code sub/} (e.g. a status the orchestrator refused), keeping it for a person to look at. */
    void moveTo(String key, String sub) {
        Path from = fileFor(key);
        try {
            Path to = Files.createDirectories(dir.resolve(sub)).resolve(from.getFileName());
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            syncDir();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + from + " to " + sub, e);
        }
    }

    /** Every readable file's values, in file-name order; unreadable files are moved aside. */
    List<Map<String, String>> readAll(Parser check) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            all.forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list state folder " + dir, e);
        }
        files.sort(null);
        List<Map<String, String>> result = new ArrayList<>();
        for (Path f : files) {
            read(f, check).ifPresent(result::add);
        }
        return result;
    }

    /** Validates a parsed file; throws {@link IllegalArgumentException} with the reason if it is unusable. */
    @FunctionalInterface
    interface Parser {
        void check(Map<String, String> values);
    }

    private Optional<Map<String, String>> read(Path f, Parser check) {
        try {
            Properties p = new Properties();
            p.load(new StringReader(decode(Files.readAllBytes(f))));
            Map<String, String> values = new TreeMap<>();
            p.forEach((k, v) -> values.put((String) k, (String) v));
            check.check(values);
            return Optional.of(values);
        } catch (IOException | RuntimeException e) {
            quarantine(f, e);
            return Optional.empty();
        }
    }

    private static String decode(byte[] bytes) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder();
        return decoder.decode(ByteBuffer.wrap(bytes)).toString();
    }

    private void quarantine(Path f, Exception why) {
        Path aside = f.resolveSibling(f.getFileName() + ".corrupt-" + Instant.now().toEpochMilli());
        try {
            Files.move(f, aside, StandardCopyOption.REPLACE_EXISTING);
            log.warn("State file {} is unreadable ({}); moved it aside to {}", f, why.toString(), aside.getFileName());
        } catch (IOException e) {
            log.warn("State file {} is unreadable ({}) and could not be moved aside ({}); ignoring it", f, why, e.toString());
        }
    }

    private void syncDir() {
        // Makes the rename itself durable. Opening a directory is refused on Windows: nothing to do there.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            log.trace("directory fsync not available for {}: {}", dir, e.toString());
        }
    }
}
