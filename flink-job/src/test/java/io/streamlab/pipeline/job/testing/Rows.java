package io.streamlab.pipeline.job.testing;

import io.streamlab.pipeline.job.sinks.AvroRecordSchema;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.avro.generic.GenericRecord;

/**
 * Turns Parquet rows back into the job's output records (by the contract's snake_case column names,
 * {@link AvroRecordSchema#fromAvro}), and compares records with a tolerance on doubles: sums in another order differ in the last bits.
 */
public final class Rows {
    private static final double TOLERANCE = 1e-9;

    private Rows() {}

    public static <T extends Record> List<T> as(List<GenericRecord> rows, Class<T> type) {
        List<T> result = new ArrayList<>(rows.size());
        rows.forEach(r -> result.add(as(r, type)));
        return result;
    }

    /** The record a row was written from: the job's own reverse mapping, the one compaction uses. */
    public static <T> T as(GenericRecord row, Class<T> type) {
        return AvroRecordSchema.fromAvro(row, type);
    }

    /** Equal field by field, doubles within 1e-9 (relative for large values). */
    public static boolean close(Object expected, Object actual) {
        if (expected instanceof Double e && actual instanceof Double a) {
            return Math.abs(e - a) <= TOLERANCE * Math.max(1.0, Math.abs(e));
        }
        if (expected instanceof Record e && actual instanceof Record a && e.getClass() == a.getClass()) {
            for (RecordComponent c : e.getClass().getRecordComponents()) {
                try {
                    c.getAccessor().setAccessible(true);
                    if (!close(c.getAccessor().invoke(e), c.getAccessor().invoke(a))) {
                        return false;
                    }
                } catch (ReflectiveOperationException ex) {
                    throw new IllegalStateException(ex);
                }
            }
            return true;
        }
        if (expected instanceof List<?> e && actual instanceof List<?> a) {
            if (e.size() != a.size()) {
                return false;
            }
            for (int i = 0; i < e.size(); i++) {
                if (!close(e.get(i), a.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(expected, actual);
    }

    public static void assertClose(Object expected, Object actual) {
        if (!close(expected, actual)) {
            throw new AssertionError("expected: " + expected + "\n but was: " + actual);
        }
    }
}
