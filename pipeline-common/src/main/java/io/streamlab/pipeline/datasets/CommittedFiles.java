package io.streamlab.pipeline.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The part files of one dataset folder that a reader may read. Only committed files count: the file
 * sink writes in-progress and pending files hidden ({@code .<name>.inprogress.<uuid>}) and renames them
 * on a checkpoint, so a committed file is complete and never changes. With compaction, part files wait
 * for their merge under their in-progress name, and are renamed to a hidden
 * {@code .<dataset>-<uuid>-<n>.parquet} while they are merged into a {@code compacted-…parquet} file, then
 * deleted. Anything under a folder or file whose name starts with '.'
 * or '_' is ignored, as Hadoop-style readers do.
 *
 * @param committed the committed part files, sorted
 * @param notCommitted the part files still being written or waiting for their merge (hidden, named with a
 *     leading '.')
 */
public record CommittedFiles(List<Path> committed, int notCommitted) {

    /** Lists {@code dataset}'s folder under {@code outputDir}; a missing folder has no file. */
    public static CommittedFiles of(Path outputDir, Dataset dataset) {
        Path folder = outputDir.resolve(dataset.folder());
        List<Path> committed = new ArrayList<>();
        int notCommitted = 0;
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    if (!Files.isRegularFile(file)) {
                        continue;
                    }
                    if (hidden(folder.relativize(file))) {
                        notCommitted += file.getFileName().toString().startsWith(".") ? 1 : 0;
                    } else if (file.getFileName().toString().endsWith(".parquet")) {
                        committed.add(file);
                    }
                }
            } catch (NoSuchFileException vanished) {
                // the folder was removed while listed (a new bounded run starting): nothing committed
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + folder, e);
            }
        }
        committed.sort(null);
        return new CommittedFiles(List.copyOf(committed), notCommitted);
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            String name = part.toString();
            if (name.startsWith(".") || name.startsWith("_")) {
                return true;
            }
        }
        return false;
    }
}
