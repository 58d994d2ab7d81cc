package io.streamlab.pipeline.datasets;

import io.streamlab.pipeline.files.FileTrees;
import io.streamlab.pipeline.files.IoErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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
        return in(folder, Set.of());
    }

    /** As {@link #in(Path)}, without the folders {@code skipped} (and what is below them). */
    public static CommittedFiles in(Path folder, Set<Path> skipped) {
        List<Path> committed = new ArrayList<>();
        List<Path> hidden = new ArrayList<>();
        try {
            FileTrees.forEachFile(folder, below -> !skipped.contains(below), (file, attributes) -> {
                if (!attributes.isRegularFile()) {
                    return;
                }
                String name = file.getFileName().toString();
                if (isHidden(folder.relativize(file))) {
                    if (name.startsWith(".") && !name.endsWith(".crc")) {
                        hidden.add(file);
                    }
                } else if (name.endsWith(".parquet")) {
                    committed.add(file);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + IoErrors.describe(e, folder), e);
        }
        committed.sort(null);
        hidden.sort(null);
        return new CommittedFiles(List.copyOf(committed), List.copyOf(hidden));
    }

    /**
     * The day folders ({@value Dataset#DAY_FOLDER_PREFIX}yyyy-MM-dd, the processing day a part file was
     * written) directly in {@code datasetFolder}, oldest first; none when it does not exist. Only dated
     * names ({@link Dataset#isDayFolder}).
     */
    public static List<String> dayFolders(Path datasetFolder) {
        List<String> days = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(datasetFolder)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                if (Dataset.isDayFolder(name) && Files.isDirectory(child)) {
                    days.add(name);
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot list " + datasetFolder + ": " + IoErrors.describe(e, datasetFolder), e);
        }
        days.sort(null);
        return days;
    }

    /** How many part files are not committed yet. */
    public int notCommitted() {
        return hidden.size();
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
