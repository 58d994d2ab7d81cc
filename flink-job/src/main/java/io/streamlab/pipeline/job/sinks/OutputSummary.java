package io.streamlab.pipeline.job.sinks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;

/**
 * What the Parquet datasets under an output directory hold: committed part files and their rows (read
 * from the Parquet footers), plus the files not committed yet. In-progress files are hidden
 * ({@code .part-...inprogress...}) and never counted as committed.
 */
public final class OutputSummary {
    public record Dataset(String name, int committedFiles, long rows, int pendingFiles) {}

    private OutputSummary() {}

    public static Map<String, Dataset> of(Path outputDir) {
        Map<String, Dataset> result = new TreeMap<>();
        if (!Files.isDirectory(outputDir)) {
            return result;
        }
        try (Stream<Path> datasets = Files.list(outputDir)) {
            // "_insights" and other '_' / '.' folders are not datasets (the Hadoop convention readers follow)
            for (Path dataset : (Iterable<Path>) datasets.filter(Files::isDirectory)
                    .filter(d -> !d.getFileName().toString().startsWith("_")
                            && !d.getFileName().toString().startsWith("."))
                    .sorted()::iterator) {
                result.put(dataset.getFileName().toString(), dataset(dataset));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    private static Dataset dataset(Path dir) throws IOException {
        int committed = 0;
        int pending = 0;
        long rows = 0;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String name = file.getFileName().toString();
                if (name.startsWith(".")) {
                    pending++;
                } else if (name.endsWith(".parquet")) {
                    committed++;
                    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
                        rows += reader.getRecordCount();
                    }
                }
            }
        }
        return new Dataset(dir.getFileName().toString(), committed, rows, pending);
    }

    public static String describe(Map<String, Dataset> datasets) {
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
