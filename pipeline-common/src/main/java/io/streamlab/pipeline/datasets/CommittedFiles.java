package io.streamlab.pipeline.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The part files of one dataset folder that a reader may read. Only committed files count: the file
 * sink writes in-progress and pending files hidden ({@code .<name>.inprogress.<uuid>}) and renames them
 * on a checkpoint, so a committed file is complete and never changes. With compaction, part files wait
 * for their merge under their in-progress name, and are renamed to a hidden
 * {@code .<dataset>-<uuid>-<n>.parquet} while they are merged into a {@code compacted-…parquet} file, then
 * deleted. Anything under a folder or file whose name starts with '.'
 * or '_' is ignored, as Hadoop-style readers do.
 *
 * <p>A running job renames and deletes hidden files while a reader lists the folder, so an entry that
 * vanishes between the directory read and its attributes is skipped, not an error: only hidden files
 * and folders ever vanish (a committed file is never deleted).
 *
 * @param committed the committed part files, sorted
 * @param hidden the part files still being written, waiting for or in their merge (named with a leading
 *     '.'; checksum files aside), sorted
 */
public record CommittedFiles(List<Path> committed, List<Path> hidden) {

    /** Lists {@code dataset}'s folder under {@code outputDir}; a missing folder has no file. */
    public static CommittedFiles of(Path outputDir, Dataset dataset) {
        return in(outputDir.resolve(dataset.folder()));
    }

    /** Lists {@code folder} and every folder below it; a missing folder has no file. */
    public static CommittedFiles in(Path folder) {
        Listing listing = new Listing(folder);
        if (Files.isDirectory(folder)) {
            try {
                Files.walkFileTree(folder, listing);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + folder, e);
            }
        }
        listing.committed.sort(null);
        listing.hidden.sort(null);
        return new CommittedFiles(List.copyOf(listing.committed), List.copyOf(listing.hidden));
    }

    /** How many part files are not committed yet. */
    public int notCommitted() {
        return hidden.size();
    }

    private static final class Listing extends SimpleFileVisitor<Path> {
        private final Path folder;
        private final List<Path> committed = new ArrayList<>();
        private final List<Path> hidden = new ArrayList<>();

        Listing(Path folder) {
            this.folder = folder;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            if (!attributes.isRegularFile()) {
                return FileVisitResult.CONTINUE;
            }
            String name = file.getFileName().toString();
            if (isHidden(folder.relativize(file))) {
                if (name.startsWith(".") && !name.endsWith(".crc")) {
                    hidden.add(file);
                }
            } else if (name.endsWith(".parquet")) {
                committed.add(file);
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
                // renamed or deleted by the job while listed (a hidden file, or the whole folder when a
                // new bounded run clears it): not there, so nothing to read
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

    private static boolean isHidden(Path relative) {
        for (Path part : relative) {
            String name = part.toString();
            if (name.startsWith(".") || name.startsWith("_")) {
                return true;
            }
        }
        return false;
    }
}
