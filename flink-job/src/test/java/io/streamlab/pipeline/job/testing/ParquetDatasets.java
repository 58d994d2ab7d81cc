package io.streamlab.pipeline.job.testing;

import io.streamlab.pipeline.datasets.CommittedFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;

/** Reads what a reader of the output directory would see: committed {@code *.parquet} part files only. */
public final class ParquetDatasets {
    private ParquetDatasets() {}

    public static List<GenericRecord> read(Path outputDir, String dataset) {
        List<GenericRecord> rows = new ArrayList<>();
        for (Path file : committedFiles(outputDir, dataset)) {
            rows.addAll(readFile(file));
        }
        return rows;
    }

    /** Every row of one Parquet file. */
    public static List<GenericRecord> readFile(Path file) {
        List<GenericRecord> rows = new ArrayList<>();
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file))
                .withDataModel(GenericData.get())
                .build()) {
            GenericRecord row;
            while ((row = reader.read()) != null) {
                rows.add(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return rows;
    }

    public static List<Path> committedFiles(Path outputDir, String dataset) {
        return CommittedFiles.in(outputDir.resolve(dataset)).committed();
    }

    /** In-progress and pending part files: hidden files FileSink has not committed (yet). */
    public static List<Path> uncommittedFiles(Path outputDir) {
        return CommittedFiles.in(outputDir).hidden();
    }

    /** A string column (Avro gives Utf8). */
    public static String str(GenericRecord row, String field) {
        Object value = row.get(field);
        return value == null ? null : value.toString();
    }

    public static long lng(GenericRecord row, String field) {
        return ((Number) row.get(field)).longValue();
    }

    public static double dbl(GenericRecord row, String field) {
        return ((Number) row.get(field)).doubleValue();
    }
}
