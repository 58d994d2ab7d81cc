package io.streamlab.pipeline.job.sinks;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.datasets.Dataset;
import java.io.IOException;
import java.time.ZoneId;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.sink.compactor.FileCompactStrategy;
import org.apache.flink.connector.file.sink.compactor.RecordWiseFileCompactor;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetInputFile;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Parquet datasets: one folder per dataset under the output directory, bucketed by processing day
 * ({@code dt=yyyy-MM-dd}). Bulk formats roll on checkpoints only, so a part file becomes visible exactly
 * when the checkpoint that covers its rows completes: readers never see half-written or uncommitted data.
 *
 * <p>Without compaction, part files are named {@code <dataset>-<uuid>-<n>.parquet}: one per sink subtask
 * and checkpoint. With compaction ({@link PipelineConfig.Compaction}), FileSink gives them a hidden target
 * name ({@code .<dataset>-<uuid>-<n>.parquet}), and a closed part file waits under its in-progress name
 * ({@code ..<dataset>-…parquet.inprogress.<id>}); every {@code checkpoints} checkpoints (or once they reach
 * {@code thresholdBytes}) one task renames the waiting files of a folder to their hidden names, reads them
 * back and writes their rows through the same Parquet writer into
 * {@code compacted-<dataset>-<uuid>-<n>.parquet}, which is committed on the next checkpoint; then the
 * hidden files are deleted. Parquet files cannot be concatenated (each has its
 * own footer), hence the record-wise compactor. The pending files, the compaction requests and the
 * compacted files waiting for their commit are all in the sink's checkpointed state: a restore neither
 * loses nor repeats a row.
 */
public final class ParquetSinks {
    private ParquetSinks() {}

    public static <T extends Record> FileSink<T> forDataset(
            String outputDir, Dataset dataset, Class<T> type, PipelineConfig.Compaction compaction) {
        if (dataset.rowType() != type) {
            throw new IllegalArgumentException(dataset.folder() + " holds "
                    + dataset.rowType().getSimpleName() + " rows, not " + type.getSimpleName());
        }
        FileSink.DefaultBulkFormatBuilder<T> builder = FileSink.forBulkFormat(
                        new Path(outputDir, dataset.folder()), writerFactory(type))
                .withBucketAssigner(new ProcessingDayBuckets<>(ZoneId.systemDefault()))
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(OutputFileConfig.builder()
                        .withPartPrefix(dataset.folder())
                        .withPartSuffix(".parquet")
                        .build());
        if (compaction.enabled()) {
            FileCompactStrategy.Builder strategy =
                    FileCompactStrategy.Builder.newBuilder().enableCompactionOnCheckpoint(compaction.checkpoints());
            if (compaction.thresholdBytes() > 0) {
                strategy.setSizeThreshold(compaction.thresholdBytes());
            }
            builder.enableCompact(strategy.build(), new RecordWiseFileCompactor<>(new PartFileReader<>(type)));
        }
        // Off means no compaction operators at all (the graph of release 0.1.0), not disableCompact(): its
        // pass-through operators would take over the files a run with compaction left waiting in a savepoint,
        // but Flink 2.2 copies each with an IdenticalFileCompactor through the Parquet bulk writer, and the
        // committed copies read back without a row (seen while writing CompactionITCase): silent loss.
        // Without the operators such a savepoint is refused instead (CompactionITCase); a savepoint taken
        // with --drain has nothing waiting.
        return builder.build();
    }

    public static <T extends Record> BulkWriter.Factory<T> writerFactory(Class<T> type) {
        AvroRecordSchema<T> mapping = new AvroRecordSchema<>(type);
        String schemaJson = mapping.schema().toString();
        ParquetWriterFactory<GenericRecord> avroFactory =
                new ParquetWriterFactory<>(out -> AvroParquetWriter.<GenericRecord>builder(out)
                        .withSchema(new org.apache.avro.Schema.Parser().parse(schemaJson))
                        .withDataModel(GenericData.get())
                        .withCompressionCodec(CompressionCodecName.SNAPPY)
                        // Most columns are unique per row (ids, texts, averages): a dictionary fills up, then
                        // falls back and re-encodes, the largest cost of writing in the profile (README,
                        // Performance). Part files hold one checkpoint's rows; Snappy covers the repeats.
                        .withDictionaryEncoding(false)
                        .build());
        return new RecordBulkWriterFactory<>(avroFactory, mapping);
    }

    /** Converts each record to Avro on the way into the Parquet writer. */
    private static final class RecordBulkWriterFactory<T extends Record> implements BulkWriter.Factory<T> {
        private static final long serialVersionUID = 1L;
        private final ParquetWriterFactory<GenericRecord> delegate;
        private final AvroRecordSchema<T> mapping;

        RecordBulkWriterFactory(ParquetWriterFactory<GenericRecord> delegate, AvroRecordSchema<T> mapping) {
            this.delegate = delegate;
            this.mapping = mapping;
        }

        @Override
        public BulkWriter<T> create(FSDataOutputStream out) throws IOException {
            BulkWriter<GenericRecord> writer = delegate.create(out);
            return new BulkWriter<>() {
                @Override
                public void addElement(T element) throws IOException {
                    writer.addElement(mapping.toAvro(element));
                }

                @Override
                public void flush() throws IOException {
                    writer.flush();
                }

                @Override
                public void finish() throws IOException {
                    writer.finish();
                }
            };
        }
    }

    /**
     * Reads a part file back into the records it was written from, for the compaction: the sink's own
     * writer then writes them into the merged file, so it has exactly the schema of any other part file.
     */
    static final class PartFileReader<T extends Record> implements RecordWiseFileCompactor.Reader.Factory<T> {
        private static final long serialVersionUID = 1L;
        private final AvroRecordSchema<T> mapping;

        PartFileReader(Class<T> type) {
            this.mapping = new AvroRecordSchema<>(type);
        }

        @Override
        public RecordWiseFileCompactor.Reader<T> createFor(Path path) throws IOException {
            FileSystem fs = path.getFileSystem();
            long length = fs.getFileStatus(path).getLen();
            FSDataInputStream in = fs.open(path);
            ParquetReader<GenericRecord> parquet;
            try {
                parquet = AvroParquetReader.<GenericRecord>builder(new ParquetInputFile(in, length))
                        .withDataModel(GenericData.get())
                        .build();
            } catch (IOException | RuntimeException e) {
                in.close();
                throw e;
            }
            return new RecordWiseFileCompactor.Reader<>() {
                @Override
                public T read() throws IOException {
                    GenericRecord row = parquet.read();
                    return row == null ? null : mapping.fromAvro(row);
                }

                @Override
                public void close() throws IOException {
                    try (in) {
                        parquet.close();
                    }
                }
            };
        }
    }
}
