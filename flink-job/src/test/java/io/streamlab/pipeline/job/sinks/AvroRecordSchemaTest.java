package io.streamlab.pipeline.job.sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlab.pipeline.datasets.Dataset;
import io.streamlab.pipeline.records.DeadLetter;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.connector.file.sink.compactor.RecordWiseFileCompactor;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The compaction reads part files back into the records they were written from and writes those again:
 * a row that did not survive the round trip exactly would change the dataset. So every dataset's row type
 * goes through the sink's own Parquet writer and the compaction's reader, with nulls, empty and absent
 * lists, nested records, non-ASCII text and the extremes of every number.
 */
class AvroRecordSchemaTest {
    private static final int ROWS = 200;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Dataset.class)
    void everyRowTypeComesBackFromItsPartFileEqualToWhatWasWritten(Dataset dataset) throws Exception {
        assertRoundTrip(dataset.rowType(), new Random(dataset.ordinal()));
    }

    private <T extends Record> void assertRoundTrip(Class<T> type, Random random) throws Exception {
        List<T> written = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            written.add(sample(type, random, i));
        }
        org.apache.flink.core.fs.Path file = writeWithTheSinksWriter(type, written);

        List<T> read = readWithTheCompactorsReader(type, file);

        assertThat(read).hasSize(ROWS).containsExactlyElementsOf(written);
        // the in-memory mapping alone, without Parquet in between, is the identity too
        AvroRecordSchema<T> mapping = new AvroRecordSchema<>(type);
        for (T row : written) {
            assertThat(mapping.fromAvro(mapping.toAvro(row))).isEqualTo(row);
        }
    }

    @Test
    void aColumnAddedAfterAPartFileWasWrittenReadsAsNull() throws Exception {
        // dead letters gained 'category' after the first release: a file without it still reads
        Schema withoutCategory = SchemaBuilder.record("DeadLetter")
                .fields()
                .name("source_topic")
                .type()
                .nullable()
                .stringType()
                .noDefault()
                .name("partition")
                .type()
                .intType()
                .noDefault()
                .name("offset")
                .type()
                .longType()
                .noDefault()
                .name("reason")
                .type()
                .nullable()
                .stringType()
                .noDefault()
                .name("raw")
                .type()
                .nullable()
                .stringType()
                .noDefault()
                .name("detected_at")
                .type()
                .longType()
                .noDefault()
                .endRecord();
        Path file = dir.resolve("old-dead-letters.parquet");
        try (ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
                .withSchema(withoutCategory)
                .withDataModel(GenericData.get())
                .build()) {
            GenericRecord row = new GenericData.Record(withoutCategory);
            row.put("source_topic", "spotify-tracks");
            row.put("partition", 2);
            row.put("offset", 41L);
            row.put("reason", "not JSON");
            row.put("raw", "{oops");
            row.put("detected_at", 1_700_000_000_000L);
            writer.write(row);
        }

        List<DeadLetter> read =
                readWithTheCompactorsReader(DeadLetter.class, new org.apache.flink.core.fs.Path(file.toUri()));

        assertThat(read)
                .containsExactly(
                        new DeadLetter("spotify-tracks", 2, 41, "not JSON", "{oops", 1_700_000_000_000L, null));
    }

    @Test
    void aMissingNumberIsAnErrorThatNamesTheColumn() {
        Schema noOffset = SchemaBuilder.record("DeadLetter")
                .fields()
                .name("source_topic")
                .type()
                .nullable()
                .stringType()
                .noDefault()
                .name("partition")
                .type()
                .intType()
                .noDefault()
                .endRecord();
        GenericRecord row = new GenericData.Record(noOffset);
        row.put("source_topic", "t");
        row.put("partition", 0);

        assertThatThrownBy(() -> AvroRecordSchema.fromAvro(row, DeadLetter.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DeadLetter needs a value for column offset");
    }

    private <T extends Record> org.apache.flink.core.fs.Path writeWithTheSinksWriter(Class<T> type, List<T> rows)
            throws IOException {
        org.apache.flink.core.fs.Path file = new org.apache.flink.core.fs.Path(
                dir.resolve(type.getSimpleName() + ".parquet").toUri());
        try (FSDataOutputStream out = FileSystem.getLocalFileSystem().create(file, FileSystem.WriteMode.NO_OVERWRITE)) {
            BulkWriter<T> writer = ParquetSinks.writerFactory(type).create(out);
            for (T row : rows) {
                writer.addElement(row);
            }
            writer.flush();
            writer.finish();
        }
        return file;
    }

    private static <T extends Record> List<T> readWithTheCompactorsReader(
            Class<T> type, org.apache.flink.core.fs.Path file) throws Exception {
        List<T> rows = new ArrayList<>();
        try (RecordWiseFileCompactor.Reader<T> reader = new ParquetSinks.PartFileReader<>(type).createFor(file)) {
            T row;
            while ((row = reader.read()) != null) {
                rows.add(row);
            }
        }
        return rows;
    }

    /** A record of {@code type} with every component drawn from {@code random}, edge cases included. */
    static <T> T sample(Class<T> type, Random random, int i) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int c = 0; c < components.length; c++) {
            types[c] = components[c].getType();
            values[c] = value(components[c].getGenericType(), random, i, components[c].getName(), true);
        }
        try {
            Constructor<T> constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object value(Type type, Random random, int i, String name, boolean nullable) {
        if (type == String.class) {
            return switch (random.nextInt(6)) {
                case 0 -> nullable ? null : "";
                case 1 -> "";
                case 2 -> "écran cassé, straße, 音楽 🎵 \"quoted\"\n" + name + i;
                default -> name + "-" + Long.toHexString(random.nextLong());
            };
        }
        if (type == int.class) {
            int[] edges = {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE};
            return random.nextInt(4) == 0 ? edges[random.nextInt(edges.length)] : random.nextInt();
        }
        if (type == long.class) {
            long[] edges = {0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE};
            return random.nextInt(4) == 0 ? edges[random.nextInt(edges.length)] : random.nextLong();
        }
        if (type == double.class) {
            double[] edges = {
                0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY, -1e-300
            };
            return random.nextInt(4) == 0 ? edges[random.nextInt(edges.length)] : random.nextGaussian() * 1e6;
        }
        if (type == boolean.class) {
            return random.nextBoolean();
        }
        if (type instanceof Class<?> c && c.isRecord()) {
            return sample(c, random, i);
        }
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            if (random.nextInt(6) == 0) {
                return null;
            }
            List<Object> list = new ArrayList<>();
            int size = random.nextInt(4);
            for (int e = 0; e < size; e++) {
                // list elements are never null in the schema
                list.add(value(p.getActualTypeArguments()[0], random, i, name + e, false));
            }
            return list;
        }
        throw new IllegalArgumentException("No sample for " + type);
    }
}
