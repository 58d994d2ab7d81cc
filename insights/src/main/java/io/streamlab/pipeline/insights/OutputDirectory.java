package io.streamlab.pipeline.insights;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The part files of the job's output directory. Only committed files count: the file sink writes
 * in-progress and pending files hidden ({@code .part-…inprogress…}) and renames them on a checkpoint,
 * so a committed file is complete and never changes. Anything under a folder or file whose name starts
 * with '.' or '_' is ignored, as Hadoop-style readers do ({@code _insights/} lives there).
 */
public final class OutputDirectory {

    /** One dataset's committed part files (sorted) and how many are still being written. */
    public record DatasetFiles(Dataset dataset, List<Path> committed, int notCommitted) {
        public boolean hasCommitted() {
            return !committed.isEmpty();
        }
    }

    private final Path root;
    private final Map<Dataset, DatasetFiles> datasets;

    private OutputDirectory(Path root, Map<Dataset, DatasetFiles> datasets) {
        this.root = root;
        this.datasets = datasets;
    }

    /** Lists the output directory; a missing or unreadable one is an {@link InsightsException}. */
    public static OutputDirectory scan(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        if (!Files.exists(root)) {
            throw new InsightsException("the output directory " + root + " does not exist: run the job first "
                    + "(./run-local.sh --bounded), or point --output at the job's output.dir");
        }
        if (!Files.isDirectory(root)) {
            throw new InsightsException(root + " is a file, not the job's output directory");
        }
        Map<Dataset, DatasetFiles> found = new EnumMap<>(Dataset.class);
        for (Dataset dataset : Dataset.values()) {
            found.put(dataset, list(dataset, root.resolve(dataset.folder())));
        }
        return new OutputDirectory(root, found);
    }

    private static DatasetFiles list(Dataset dataset, Path folder) {
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
                // the folder was removed while listed (a new --bounded run starting): nothing committed
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + folder, e);
            }
        }
        committed.sort(null);
        return new DatasetFiles(dataset, List.copyOf(committed), notCommitted);
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

    public Path root() {
        return root;
    }

    public DatasetFiles files(Dataset dataset) {
        return datasets.get(dataset);
    }

    /** True when no dataset has a committed part file yet. */
    public boolean nothingCommitted() {
        return datasets.values().stream().noneMatch(DatasetFiles::hasCommitted);
    }

    /** The message for an output directory without any committed part file. */
    public String nothingCommittedMessage() {
        int pending =
                datasets.values().stream().mapToInt(DatasetFiles::notCommitted).sum();
        return pending > 0
                ? "no committed Parquet file in " + root + " yet (" + pending + " part file(s) still in progress): "
                        + "the job commits its files on each checkpoint; wait for the next one"
                : "no Parquet dataset in " + root + ": the job has not written anything here yet "
                        + "(is this the job's output.dir? run ./run-local.sh --bounded to produce one)";
    }
}
