package dev.belay.core.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive right to use one state folder: an OS file lock on {@code <stateDir>/agent.lock}, held
 * from the start of a run to its end. The OS drops it when the process dies however it dies, so a
 * crashed agent (kill -9, power loss) never leaves a stale lock behind, and the lock file itself is
 * never deleted (deleting a lock file lets two processes lock two different files of one name).
 *
 * <p>Layout of {@code agent.lock}: the holder's pid as text on the first line (informative only, best
 * effort: emptied when the holder ends normally, a crashed holder's pid stays until the next holder
 * overwrites it); the lock is on the single byte at {@link #LOCK_POSITION}, past that text. Locking a
 * region past the end of a file is allowed everywhere. Windows' locks are mandatory: a whole-file lock
 * would make the waiting agent's read of the pid fail; a lock on a byte nobody reads does not.
 *
 * <p>Two {@code Robot}s in one JVM: a JVM is one process to the OS, and on POSIX (fcntl) closing
 * <em>any</em> channel on a file drops every lock the process holds on it. A second robot that merely
 * opened and closed {@code agent.lock} would silently unlock the first. So a run first claims the
 * folder in {@link #HELD_IN_THIS_JVM} and does not open the file at all when that claim fails. That set
 * is the one piece of static mutable state in this module, and it has to be: it mirrors an OS lock
 * whose owner is the process, not an object.
 */
public final class StateDirLock implements AutoCloseable {

    /** The lock file's name in the state folder. */
    public static final String FILE_NAME = "agent.lock";
    /** The locked byte: past the pid text, which stays readable to others where locks are mandatory. */
    public static final long LOCK_POSITION = 4096;
    /** The pid text is read and written within this many bytes. */
    private static final int PID_TEXT_MAX = 64;

    /** Folders (by file key, or real path where the OS gives no key) locked by this JVM. */
    private static final Set<Object> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    /** What an attempt to lock a state folder found. */
    public sealed interface Attempt permits Acquired, InUse {
    }

    /** The folder is this run's until {@link StateDirLock#close()}. */
    public record Acquired(StateDirLock lock) implements Attempt {
    }

    /**
     * Someone else holds the folder; nothing in it was touched.
     *
     * @param holderPid the holder's pid if it wrote one (or this process's own, when another robot in
     *                  this JVM holds it); null if unknown
     */
    public record InUse(Path lockFile, Long holderPid) implements Attempt {
    }

    private final Object key;
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private StateDirLock(Object key, Path file, FileChannel channel, FileLock lock) {
        this.key = key;
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Tries once, without waiting, to lock {@code stateDir} (created if missing). Touches nothing in the
     * folder but {@code agent.lock}, and that only to create it if missing.
     *
     * @throws IOException if the folder or the lock file cannot be created or opened, or the file system
     *                     offers no locks (e.g. some network shares)
     */
    public static Attempt tryAcquire(Path stateDir) throws IOException {
        Files.createDirectories(stateDir);
        Path file = stateDir.resolve(FILE_NAME);
        Object key = keyOf(stateDir);
        if (!HELD_IN_THIS_JVM.add(key)) {
            return new InUse(file, ProcessHandle.current().pid());
        }
        FileChannel channel = null;
        try {
            // No TRUNCATE: the holder's pid must survive a waiting agent's open.
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock(LOCK_POSITION, 1, false);
            } catch (OverlappingFileLockException e) {
                // A channel of this JVM outside any Robot holds it (code of the embedding application).
                lock = null;
            }
            if (lock == null) {
                Long pid = readPid(channel);
                channel.close();
                HELD_IN_THIS_JVM.remove(key);
                return new InUse(file, pid);
            }
            StateDirLock held = new StateDirLock(key, file, channel, lock);
            held.writePid(ProcessHandle.current().pid());
            return new Acquired(held);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // Already failing; the first problem is the one to report.
                }
            }
            HELD_IN_THIS_JVM.remove(key);
            throw e;
        }
    }

    /**
     * The folder's identity: its file key (device and inode on POSIX: the same for every spelling of its
     * path, symlinks included), else its real path (Windows, where {@code fileKey} is null; case and
     * short names are resolved by {@code toRealPath}).
     */
    private static Object keyOf(Path stateDir) throws IOException {
        Object fileKey = Files.readAttributes(stateDir, BasicFileAttributes.class).fileKey();
        return fileKey != null ? fileKey : stateDir.toRealPath().toString();
    }

    public Path file() {
        return file;
    }

    /** Empties the pid text, then lets the folder go. Never throws. */
    @Override
    public void close() {
        try {
            if (channel.isOpen()) {
                try {
                    channel.truncate(0);
                } catch (IOException e) {
                    // Only the informative pid text stays behind.
                }
                try {
                    lock.release();
                } catch (IOException e) {
                    // Closing the channel releases it too.
                }
                channel.close();
            }
        } catch (IOException e) {
            // The OS releases the lock when the process ends at the latest.
        } finally {
            HELD_IN_THIS_JVM.remove(key);
        }
    }

    /** Writes the pid first, then cuts what an earlier, longer text left: a reader sees a whole first line. */
    private void writePid(long pid) {
        byte[] text = (pid + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            ByteBuffer buffer = ByteBuffer.wrap(text);
            long position = 0;
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
            channel.truncate(text.length);
        } catch (IOException e) {
            // Informative only: the lock is what counts.
        }
    }

    /** The holder's pid from the first line of the file, or null if there is none (yet) or it is not a number. */
    private static Long readPid(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(PID_TEXT_MAX);
            while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
                // read on
            }
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
            int end = text.indexOf('\n');
            if (end <= 0) {
                return null;
            }
            long pid = Long.parseLong(text.substring(0, end).trim());
            return pid > 0 ? pid : null;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }
}
