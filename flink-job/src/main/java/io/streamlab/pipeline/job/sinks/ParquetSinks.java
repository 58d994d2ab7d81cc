package io.streamlab.pipeline.job.sinks;

import io.streamlab.pipeline.datasets.Dataset;
import java.io.IOException;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.DateTimeBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Parquet datasets: one folder per dataset under the output directory, bucketed by processing day
 * ({@code dt=yyyy-MM-dd}), part files named {@code <dataset>-<uuid>-<n>.parquet}. Bulk formats roll on
 * checkpoints only, so a part file becomes visible exactly when the checkpoint that covers its rows
 * completes: readers never see half-written or uncommitted data.
 */
public final class ParquetSinks {
    private ParquetSinks() {}

    public static <T extends Record> FileSink<T> forDataset(String outputDir, Dataset dataset, Class<T> type) {
        if (dataset.rowType() != type) {
            throw new IllegalArgumentException(dataset.folder() + " holds "
                    + dataset.rowType().getSimpleName() + " rows, not " + type.getSimpleName());
        }
        return FileSink.forBulkFormat(new Path(outputDir, dataset.folder()), writerFactory(type))
                .withBucketAssigner(new DateTimeBucketAssigner<>("'dt='yyyy-MM-dd"))
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(OutputFileConfig.builder()
                        .withPartPrefix(dataset.folder())
                        .withPartSuffix(".parquet")
                        .build())
                .build();
    }

    public static <T extends Record> BulkWriter.Factory<T> writerFactory(Class<T> type) {
        AvroRecordSchema<T> mapping = new AvroRecordSchema<>(type);
        String schemaJson = mapping.schema().toString();
        ParquetWriterFactory<GenericRecord> avroFactory =
                new ParquetWriterFactory<>(out -> AvroParquetWriter.<GenericRecord>builder(out)
                        .withSchema(new org.apache.avro.Schema.Parser().parse(schemaJson))
                        .withDataModel(GenericData.get())
                        .withCompressionCodec(CompressionCodecName.SNAPPY)
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
}
