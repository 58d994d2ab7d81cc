package io.streamlab.pipeline.job.tracks;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.job.deadletters.RecordDeserializer;
import io.streamlab.pipeline.job.windows.ParseResult;
import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.Track;
import io.streamlab.pipeline.records.Tracks;

/**
 * What the track source emits: a valid track, or the dead letter of a record that was not one.
 * Parsing happens in the source so that watermarks are generated per Kafka partition, with idleness.
 */
public record TrackOrError(Track track, DeadLetter deadLetter, long sourceTimestamp) implements ParseResult<Track> {
    @Override
    public Track value() {
        return track;
    }

    public static TrackOrError of(Track track) {
        return new TrackOrError(track, null, Long.MAX_VALUE);
    }

    /** {@code sourceTimestamp}: when Kafka took the record ({@link ParseResult#sourceTimestamp}). */
    public static TrackOrError of(Track track, long sourceTimestamp) {
        return new TrackOrError(track, null, sourceTimestamp);
    }

    public static TrackOrError error(DeadLetter deadLetter) {
        return new TrackOrError(null, deadLetter, Long.MAX_VALUE);
    }

    /** {@code spotify-tracks} values to tracks that know where they were read, or dead letters. */
    public static RecordDeserializer<Track, TrackOrError> deserializer(PipelineConfig.Limits limits) {
        return new RecordDeserializer<>(
                limits,
                Tracks::parse,
                (t, partition, offset, sourceTimestamp, logAppendTime) -> of(
                        t.withSource(partition, offset),
                        ParseResult.writtenAtMost(sourceTimestamp, logAppendTime, t.eventTimeMillis(), limits)),
                TrackOrError::error,
                TrackOrError.class);
    }
}
