package io.streamlab.pipeline.insights;

import io.streamlab.pipeline.files.FileTrees;
import io.streamlab.pipeline.files.InUse;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A DuckDB spill folder of one catalog, in the temporary folder, locked while the catalog is open. DuckDB
 * deletes its spill files on close, which a Ctrl+C or a kill never reaches: a large report's gigabytes of
 * spill stayed in the temporary folder for good. So each new folder first deletes the folders whose lock
 * nobody holds: a file lock, not a process id, since processes of other containers or users that share
 * the folder may be invisible here. A folder without a lock file (written before 2026-12-03, or one whose
 * lock could not be taken) is deleted once a day old.
 */
final class SpillFolder implements AutoCloseable {
    static final String PREFIX = "duckdb-insights-";
    static final String LOCK = ".in-use";
    static final Duration UNLOCKED_KEPT = Duration.ofDays(1);

    private final Path path;
    private final FileChannel channel;

    private SpillFolder(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    static SpillFolder create(Path tmp) {
        sweep(tmp);
        String name = UUID.randomUUID().toString();
        Path path = tmp.resolve(PREFIX + name);
        FileChannel channel = null;
        try {
            // locked under a name no sweep looks at, then renamed: never seen unlocked with its lock file
            Path making = Files.createDirectories(tmp.resolve(".making-" + PREFIX + name));
            channel = FileChannel.open(making.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (channel.tryLock() == null) {
                throw new IOException("locked by another process");
            }
            Files.move(making, path, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException unlockable) {
            // DuckDB spills to the folder anyway (it makes it), and a later sweep deletes it a day after
            close(channel);
            channel = null;
        }
        return new SpillFolder(path, channel);
    }

    Path path() {
        return path;
    }

    /** Deletes the folder with what DuckDB left in it: call after DuckDB is closed. */
    @Override
    public void close() {
        close(channel);
        try {
            FileTrees.deleteRecursively(path);
        } catch (IOException | RuntimeException left) {
            // the next sweep deletes it
        }
    }

    static void sweep(Path tmp) {
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(tmp, PREFIX + "*")) {
            for (Path folder : folders) {
                if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                Path lock = folder.resolve(LOCK);
                boolean abandoned = Files.isRegularFile(lock, LinkOption.NOFOLLOW_LINKS)
                        ? InUse.nobodyHolds(lock)
                        : olderThan(folder, UNLOCKED_KEPT);
                if (abandoned) {
                    try {
                        FileTrees.deleteRecursively(folder);
                    } catch (IOException | RuntimeException notOurs) {
                        // another user's, or being deleted by another run
                    }
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // a temporary folder that cannot be listed: DuckDB will say so if it needs to spill
        }
    }

    private static boolean olderThan(Path folder, Duration age) {
        try {
            return Files.getLastModifiedTime(folder, LinkOption.NOFOLLOW_LINKS)
                    .toInstant()
                    .isBefore(Instant.now().minus(age));
        } catch (IOException | RuntimeException cannotTell) {
            return false;
        }
    }

    private static void close(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close(); // releases the lock
            } catch (IOException ignored) {
                // nothing held any more either way
            }
        }
    }
}
