package io.streamlab.pipeline.producer.publish;

import io.streamlab.pipeline.producer.StopSignal;
import io.streamlab.pipeline.records.InvalidRecordException;
import java.io.IOException;
import java.util.function.Supplier;

/** The two kinds of {@link RecordSource}: the rows of a file, and a generator. */
public final class RecordSources {
    /** What {@code skipNext} returns for a row it skipped: never published. */
    private static final OutgoingRecord SKIPPED = new OutgoingRecord("", new byte[0]);

    private RecordSources() {}

    /**
     * The valid rows of {@code reader} as records; invalid ones, and those whose record the job would refuse,
     * go to {@code rejects}. Closes the reader.
     */
    public static <T> RecordSource rows(RowReader<T> reader, Rejects rejects, RowToRecord<? super T> toRecord) {
        return new RecordSource() {
            /** Rows read so far: the position of the last one. */
            private long rows;

            @Override
            public OutgoingRecord next() throws IOException {
                for (Row<T> row = reader.next(); row != null; row = reader.next()) {
                    rows++;
                    if (row instanceof Row.Valid<T> valid) {
                        try {
                            return toRecord.apply(valid.value()).at(SourcePosition.row(rows));
                        } catch (InvalidRecordException e) {
                            rejects.reject(row.line(), e.getMessage());
                        }
                    } else {
                        rejects.reject(row.line(), ((Row.Invalid<T>) row).reason());
                    }
                }
                return null;
            }

            /**
             * A valid row, as an earlier version counted them to resume (its marker has no position): not
             * checked as the record the job reads, which that version did not do.
             */
            @Override
            public OutgoingRecord skipNext() throws IOException {
                for (Row<T> row = reader.next(); row != null; row = reader.next()) {
                    rows++;
                    if (row instanceof Row.Valid<T>) {
                        return SKIPPED;
                    }
                }
                return null;
            }

            @Override
            public boolean hasPositions() {
                return true;
            }

            @Override
            public boolean skipThrough(SourcePosition position, StopSignal stop) throws IOException {
                while (rows < position.major()) {
                    if ((rows & 1023) == 0 && stop.requested()) {
                        return false;
                    }
                    if (reader.next() == null) {
                        break;
                    }
                    rows++;
                }
                return true;
            }

            @Override
            public double progress() {
                return reader.progress();
            }

            @Override
            public void close() throws IOException {
                reader.close();
            }
        };
    }

    /** {@code count} records from a generator. */
    public static RecordSource generated(long count, Supplier<OutgoingRecord> generator) {
        return new RecordSource() {
            private long produced;

            @Override
            public OutgoingRecord next() {
                if (produced >= count) {
                    return null;
                }
                produced++;
                return generator.get();
            }

            @Override
            public double progress() {
                return count == 0 ? 1.0 : (double) produced / count;
            }
        };
    }
}
