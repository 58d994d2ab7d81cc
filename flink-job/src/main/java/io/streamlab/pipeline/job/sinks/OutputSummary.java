package io.streamlab.pipeline.job.sinks;

import io.streamlab.pipeline.datasets.CommittedFiles;
import io.streamlab.pipeline.datasets.Dataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;

/**
 * What the Parquet datasets under an output directory hold: committed part files and their rows (read
 * from the Parquet footers), plus the files not committed yet. In-progress files and, with compaction,
 * files waiting for their merge are hidden (named with a leading '.') and never counted as committed.
 */
public final class OutputSummary {
    public record DatasetSummary(String name, int committedFiles, long rows, int pendingFiles) {}

    private OutputSummary() {}

    public static Map<String, DatasetSummary> of(Path outputDir) {
        Map<String, DatasetSummary> result = new TreeMap<>();
        for (Dataset dataset : Dataset.values()) {
            CommittedFiles files = CommittedFiles.of(outputDir, dataset);
            long rows = 0;
            for (Path file : files.committed()) {
                try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
                    rows += reader.getRecordCount();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the footer of " + file, e);
                }
            }
            if (!files.committed().isEmpty() || files.notCommitted() > 0) {
                result.put(
                        dataset.folder(),
                        new DatasetSummary(dataset.folder(), files.committed().size(), rows, files.notCommitted()));
            }
        }
        return result;
    }

    public static String describe(Map<String, DatasetSummary> datasets) {
        if (datasets.isEmpty()) {
            return "  (no dataset yet)";
        }
        StringBuilder sb = new StringBuilder();
        datasets.values()
                .forEach(d -> sb.append(String.format(
                        "  %-18s %6d rows in %3d committed file(s)%s%n",
                        d.name(),
                        d.rows(),
                        d.committedFiles(),
                        d.pendingFiles() > 0 ? ", " + d.pendingFiles() + " not committed yet" : "")));
        return sb.toString().stripTrailing();
    }
}
