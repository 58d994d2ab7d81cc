package io.streamlab.pipeline.insights;

import io.streamlab.pipeline.datasets.CommittedFiles;
import io.streamlab.pipeline.datasets.Dataset;
import io.streamlab.pipeline.files.IoErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The committed part files ({@link CommittedFiles}) of every dataset in the job's output directory.
 */
public final class OutputDirectory {

    /**
     * One dataset's committed part files (sorted) and how many are still being written. {@code firstDay}
     * is the oldest day folder listed when older ones were left out, else null.
     */
    public record DatasetFiles(Dataset dataset, List<Path> committed, int notCommitted, String firstDay) {
        public boolean hasCommitted() {
            return !committed.isEmpty();
        }

        /** True for a file of a day folder older than the listing's: left out, not gone. */
        public boolean beforeTheListedDays(Path datasetFolder, Path file) {
            if (firstDay == null || !file.startsWith(datasetFolder) || file.equals(datasetFolder)) {
                return false;
            }
            String top = datasetFolder.relativize(file).getName(0).toString();
            return Dataset.isDayFolder(top) && top.compareTo(firstDay) < 0;
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
        return scanLatestDays(dir, EnumSet.allOf(Dataset.class), Integer.MAX_VALUE);
    }

    /**
     * Lists only {@code datasets}, and of each only the {@code days} latest day folders: what a view of
     * the latest rows reads, at a cost that does not grow with the months of output behind them (the
     * live view listed every part file of every dataset, 38,000 a day without compaction, at each
     * refresh). The other datasets have no file.
     */
    public static OutputDirectory scanLatestDays(Path dir, Set<Dataset> datasets, int days) {
        Path root = existingRoot(dir);
        Map<Dataset, DatasetFiles> found = new EnumMap<>(Dataset.class);
        for (Dataset dataset : Dataset.values()) {
            if (!datasets.contains(dataset)) {
                found.put(dataset, new DatasetFiles(dataset, List.of(), 0, null));
                continue;
            }
            Path folder = root.resolve(dataset.folder());
            List<String> dayFolders = CommittedFiles.dayFolders(folder);
            int first = Math.max(0, dayFolders.size() - days);
            Set<Path> older =
                    dayFolders.subList(0, first).stream().map(folder::resolve).collect(Collectors.toSet());
            CommittedFiles files = CommittedFiles.in(folder, older);
            found.put(
                    dataset,
                    new DatasetFiles(
                            dataset,
                            files.committed(),
                            files.notCommitted(),
                            first == 0 ? null : dayFolders.get(first)));
        }
        return new OutputDirectory(root, found);
    }

    private static Path existingRoot(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        try {
            Files.readAttributes(root, BasicFileAttributes.class);
        } catch (NoSuchFileException missing) {
            // told below, with what to run
        } catch (IOException e) {
            // a folder that cannot be looked at (permission denied above it, a loop of links) was said to be
            // missing, with "run the job first"
            throw new InsightsException(
                    "cannot look at the output directory " + root + ": " + IoErrors.describe(e, root));
        }
        if (!Files.exists(root)) {
            throw new InsightsException("the output directory " + root + " does not exist: run the job first "
                    + "(./run-local.sh --bounded), or point --output at the job's output.dir");
        }
        if (!Files.isDirectory(root)) {
            throw new InsightsException(root + " is a file, not the job's output directory");
        }
        return root;
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
                ? "no committed Parquet file in " + root + " yet (" + pending
                        + " part file(s) still in progress or waiting for their merge): the job commits its files"
                        + " on checkpoints (merged every sink.compaction.checkpoints of them when compaction is on);"
                        + " wait for the next one"
                : "no Parquet dataset in " + root + ": the job has not written anything here yet "
                        + "(is this the job's output.dir? run ./run-local.sh --bounded to produce one)";
    }
}
