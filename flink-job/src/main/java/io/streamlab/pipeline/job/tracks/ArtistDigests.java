package io.streamlab.pipeline.job.tracks;

import io.streamlab.pipeline.datasets.RankedName;
import io.streamlab.pipeline.job.windows.PerWindowBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Folds the {@code artist_stats} rows of its subtask into one {@link ArtistDigest} per window, so that
 * the single summary task receives a few digests per window instead of a row per artist: the artist
 * rows are most of the track pipeline's rows, and a task of parallelism 1 that reads them all does not
 * scale with the job.
 *
 * <p>A digest goes out when the window closes, before each checkpoint barrier (so the operator has no
 * state), before its input is announced idle and at the end of the input ({@link PerWindowBuffer}); several digests of one window, from one
 * subtask or several, add up in the summary.
 */
public final class ArtistDigests extends PerWindowBuffer<ArtistStats, ArtistDigests.Partial, ArtistDigest> {
    private static final long serialVersionUID = 1L;

    @Override
    public void processElement(StreamRecord<ArtistStats> element) {
        ArtistStats row = element.getValue();
        buffer(row.windowEnd() - 1, Partial::new).add(row);
    }

    @Override
    protected void send(long maxTimestamp, Partial partial) {
        output.collect(new StreamRecord<>(partial.digest(), maxTimestamp));
    }

    /** A digest being built; its candidates for the top are cut back only now and then. */
    static final class Partial {
        private long artists;
        private List<RankedName> candidates = new ArrayList<>();

        void add(ArtistStats row) {
            artists++;
            candidates = TracksSummaryAggregate.withCandidate(candidates, TracksSummaryAggregate.rank(row));
        }

        ArtistDigest digest() {
            return new ArtistDigest(artists, TracksSummaryAggregate.top(candidates));
        }
    }
}
