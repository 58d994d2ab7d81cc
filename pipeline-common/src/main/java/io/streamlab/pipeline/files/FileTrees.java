package io.streamlab.pipeline.files;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Folders that a running job, a broker or another run may change while they are walked: a file or
 * folder that vanishes between the directory read and its attributes is skipped, never an error.
 */
public final class FileTrees {
    private FileTrees() {}

    /** A visitor that skips what vanishes while it walks; any other failure is thrown. */
    public static class SkippingVanished extends SimpleFileVisitor<Path> {
        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE;
            }
            throw e;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null && !(e instanceof NoSuchFileException)) {
                throw e;
            }
            return FileVisitResult.CONTINUE;
        }
    }

    /** When {@code path} last changed; empty when it is gone (deleted since it was listed). */
    public static Optional<Instant> lastModified(Path path) throws IOException {
        try {
            return Optional.of(Files.getLastModifiedTime(path).toInstant());
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
    }

    /** Calls {@code onFile} for every file under {@code dir} that still exists when it is reached. */
    public static void forEachFile(Path dir, BiConsumer<Path, BasicFileAttributes> onFile) throws IOException {
        forEachFile(dir, folder -> true, onFile);
    }

    /**
     * As {@link #forEachFile(Path, BiConsumer)}, not entering the folders below {@code dir} that {@code enter}
     * refuses. Symbolic links are followed, as {@link Files#isDirectory} follows them where the folders are
     * listed: day folders moved to another disk and linked back were listed, then silently not read. A link
     * that makes a loop, or leads nowhere, is skipped, and a file reached twice (a link to a folder of the
     * tree) is given once.
     */
    public static void forEachFile(Path dir, Predicate<Path> enter, BiConsumer<Path, BasicFileAttributes> onFile)
            throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        // a link to a folder inside the tree (dt=latest -> dt=2026-01-31) would show its files twice
        Set<Object> seen = new HashSet<>();
        Files.walkFileTree(dir, Set.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SkippingVanished() {
            @Override
            public FileVisitResult preVisitDirectory(Path folder, BasicFileAttributes attributes) {
                return folder.equals(dir) || enter.test(folder)
                        ? FileVisitResult.CONTINUE
                        : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                Object key = attributes.fileKey();
                if (!attributes.isSymbolicLink() && (key == null || seen.add(key))) {
                    onFile.accept(file, attributes);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                return e instanceof FileSystemLoopException ? FileVisitResult.CONTINUE : super.visitFileFailed(file, e);
            }
        });
    }

    /**
     * Deletes {@code dir} and everything under it. What something else deletes meanwhile is skipped, not
     * an error; any other failure (a file that cannot be deleted) is thrown. A missing {@code dir} is
     * nothing to do.
     */
    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SkippingVanished() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path visited, IOException e) throws IOException {
                super.postVisitDirectory(visited, e);
                Files.deleteIfExists(visited);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
