package io.streamlab.pipeline.job.tracks;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.job.deadletters.RecordDeserializer;
import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.InvalidRecordException;
import io.streamlab.pipeline.records.Track;
import io.streamlab.pipeline.records.Tracks;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** {@code spotify-tracks} values to tracks, or dead letters with their reason. */
public class TrackDeserializer extends RecordDeserializer<Track, TrackOrError> {
    private static final long serialVersionUID = 1L;

    public TrackDeserializer(PipelineConfig.Limits limits) {
        super(limits);
    }

    @Override
    protected Track parse(byte[] value, long nowMillis) throws InvalidRecordException {
        return Tracks.parse(value, limits, nowMillis);
    }

    @Override
    protected TrackOrError valid(Track track, int partition, long offset) {
        return TrackOrError.of(track.withSource(partition, offset));
    }

    @Override
    protected TrackOrError rejected(DeadLetter deadLetter) {
        return TrackOrError.error(deadLetter);
    }

    @Override
    public TypeInformation<TrackOrError> getProducedType() {
        return TypeInformation.of(TrackOrError.class);
    }
}
