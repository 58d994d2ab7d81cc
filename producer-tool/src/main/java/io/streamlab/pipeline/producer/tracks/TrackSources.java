package io.streamlab.pipeline.producer.tracks;

import io.streamlab.pipeline.producer.publish.OutgoingRecord;
import io.streamlab.pipeline.producer.publish.RecordSource;
import io.streamlab.pipeline.producer.publish.Rejects;
import io.streamlab.pipeline.records.Json;
import io.streamlab.pipeline.records.Track;
import java.io.IOException;
import java.util.function.LongUnaryOperator;

/** Tracks as records to publish: key track_id, value the contract's JSON. */
public final class TrackSources {
    private TrackSources() {
    }

    public static OutgoingRecord record(Track track) {
        return new OutgoingRecord(track.trackId(), Json.write(track));
    }

    /**
     * The valid rows of a CSV file; invalid ones go to {@code rejects}. {@code timestampOf} gives the
     * event time (epoch seconds) of the n-th valid row.
     */
    public static RecordSource file(TrackCsvReader reader, Rejects rejects, LongUnaryOperator timestampOf) {
        return new RecordSource() {
            private long sequence;

            @Override
            public OutgoingRecord next() throws IOException {
                for (TrackCsvReader.Row row = reader.next(); row != null; row = reader.next()) {
                    if (row instanceof TrackCsvReader.Valid valid) {
                        Track t = valid.track();
                        return record(t.withTimestampAndRecordId(timestampOf.applyAsLong(sequence++), t.recordId()));
                    }
                    TrackCsvReader.Invalid invalid = (TrackCsvReader.Invalid) row;
                    rejects.reject(invalid.line(), invalid.reason());
                }
                return null;
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

    /** {@code count} synthetic tracks. */
    public static RecordSource synthetic(SyntheticTracks generator, long count) {
        return new RecordSource() {
            private long produced;

            @Override
            public OutgoingRecord next() {
                if (produced >= count) {
                    return null;
                }
                produced++;
                return record(generator.next());
            }

            @Override
            public double progress() {
                return count == 0 ? 1.0 : (double) produced / count;
            }
        };
    }
}
