package io.streamlab.pipeline.producer.tracks;

import io.streamlab.pipeline.producer.publish.OutgoingRecord;
import io.streamlab.pipeline.producer.publish.RecordSource;
import io.streamlab.pipeline.producer.publish.RecordSources;
import io.streamlab.pipeline.producer.publish.Rejects;
import io.streamlab.pipeline.records.Json;
import io.streamlab.pipeline.records.Track;
import java.util.function.LongUnaryOperator;

/** Tracks as records to publish: key track_id, value the contract's JSON. */
public final class TrackSources {
    private TrackSources() {}

    public static OutgoingRecord record(Track track) {
        return new OutgoingRecord(track.trackId(), Json.write(track));
    }

    /**
     * The valid rows of a CSV file; invalid ones go to {@code rejects}. {@code timestampOf} gives the
     * event time (epoch seconds) of a track from its record_id.
     */
    public static RecordSource file(TrackCsvReader reader, Rejects rejects, LongUnaryOperator timestampOf) {
        return RecordSources.rows(
                reader,
                rejects,
                t -> record(t.withTimestampAndRecordId(timestampOf.applyAsLong(t.recordId()), t.recordId())));
    }

    /** {@code count} synthetic tracks. */
    public static RecordSource synthetic(SyntheticTracks generator, long count) {
        return RecordSources.generated(count, () -> record(generator.next()));
    }
}
