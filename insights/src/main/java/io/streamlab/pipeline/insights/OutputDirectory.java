package io.streamlab.pipeline.insights;

import io.streamlab.pipeline.datasets.CommittedFiles;
import io.streamlab.pipeline.datasets.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The committed part files ({@link CommittedFiles}) of every dataset in the job's output directory.
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
            found.put(dataset, list(dataset, root));
        }
        return new OutputDirectory(root, found);
    }

    private static DatasetFiles list(Dataset dataset, Path root) {
        CommittedFiles files = CommittedFiles.of(root, dataset);
        return new DatasetFiles(dataset, files.committed(), files.notCommitted());
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
