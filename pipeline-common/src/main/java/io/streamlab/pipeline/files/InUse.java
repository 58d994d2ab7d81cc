package io.streamlab.pipeline.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * A lock file that says a folder is in use: a process holds a lock on it while it uses the folder, and the
 * operating system releases it when the process ends, however it ends (a kill, a crash). A clean-up deletes
 * a folder only when it can take the lock itself, never on a guess from times or process ids.
 *
 * <p>Locks belong to processes: closing any channel of a file can release a process's every lock on it, so
 * a process never asks about a lock file it holds itself.
 */
public final class InUse {
    /** The lock files this process holds, with their channels: never closed, never collected. */
    private static final Map<Path, FileChannel> HELD_UNTIL_EXIT = new HashMap<>();

    private InUse() {}

    /**
     * Takes a shared lock on {@code lockFile} (made if missing) and keeps it until this process ends, so that
     * several processes can use the folder at once. It waits while a clean-up checks the file (an exclusive
     * lock, held a moment). False if the file system has no locks: the lock file is then removed, so that a
     * clean-up falls back to whatever else it looks at, as for a folder never locked.
     */
    public static synchronized boolean holdUntilExit(Path lockFile) {
        Path key = lockFile.toAbsolutePath().normalize();
        if (HELD_UNTIL_EXIT.containsKey(key)) {
            return true; // closing a second channel of it would release the lock this process holds
        }
        boolean existed = Files.exists(key);
        FileChannel channel = null;
        try {
            channel =
                    FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            channel.lock(0, Long.MAX_VALUE, true);
            HELD_UNTIL_EXIT.put(key, channel);
            return true;
        } catch (IOException | RuntimeException cannotLock) {
            close(channel);
            if (!existed) {
                try {
                    Files.deleteIfExists(key);
                } catch (IOException ignored) {
                    // then a clean-up keeps the folder: it cannot tell
                }
            }
            return false;
        }
    }

    /**
     * Whether no process holds {@code lockFile}: true only when an exclusive lock on it could be taken (and
     * was released at once). False when it is held, and when that cannot be told (no such file, no right to
     * open it, a file system without locks).
     */
    public static boolean nobodyHolds(Path lockFile) {
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock held = channel.tryLock();
            if (held == null) {
                return false;
            }
            held.release();
            return true;
        } catch (OverlappingFileLockException thisProcesses) {
            return false;
        } catch (IOException | RuntimeException cannotTell) {
            return false;
        }
    }

    private static void close(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing held through it
            }
        }
    }
}
