package io.streamlab.pipeline.producer.tracks;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.producer.publish.OutgoingRecord;
import io.streamlab.pipeline.producer.publish.RecordSource;
import io.streamlab.pipeline.producer.publish.RecordSources;
import io.streamlab.pipeline.producer.publish.Rejects;
import io.streamlab.pipeline.records.Json;
import io.streamlab.pipeline.records.Track;
import io.streamlab.pipeline.records.Tracks;
import java.util.function.LongUnaryOperator;

/** Tracks as records to publish: key track_id, value the contract's JSON. */
public final class TrackSources {
    private TrackSources() {}

    public static OutgoingRecord record(Track track) {
        return new OutgoingRecord(track.trackId(), Json.write(track));
    }

    /**
     * The valid rows of a CSV file, each checked as the job reads it; invalid ones go to {@code rejects}. {@code timestampOf} gives the
     * event time (epoch seconds) of a track from its record_id.
     */
    public static RecordSource file(
            TrackCsvReader reader, Rejects rejects, LongUnaryOperator timestampOf, PipelineConfig.Limits limits) {
        return RecordSources.rows(reader, rejects, t -> {
            OutgoingRecord record =
                    record(t.withTimestampAndRecordId(timestampOf.applyAsLong(t.recordId()), t.recordId()));
            // the event time is the job's to judge when it reads the track: a replay may run ahead of it
            Tracks.parseContent(record.value(), limits);
            return record;
        });
    }

    /** {@code count} synthetic tracks. */
    public static RecordSource synthetic(SyntheticTracks generator, long count) {
        return RecordSources.generated(count, () -> record(generator.next()));
    }
}
