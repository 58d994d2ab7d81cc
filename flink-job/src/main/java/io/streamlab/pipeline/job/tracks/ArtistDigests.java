package io.streamlab.pipeline.job.tracks;

import io.streamlab.pipeline.datasets.RankedName;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Folds the {@code artist_stats} rows of its subtask into one {@link ArtistDigest} per window, so that
 * the single summary task receives a few digests per window instead of a row per artist: the artist
 * rows are most of the track pipeline's rows, and a task of parallelism 1 that reads them all does not
 * scale with the job.
 *
 * <p>A digest is stamped with its window's last millisecond and sent when a watermark reaches it (before
 * the watermark, so the summary never sees it as late), before each checkpoint barrier (so the operator
 * has no state: a checkpoint finds every row either in the summary's state or not yet emitted), and at
 * the end of the input. Several digests of one window, from one subtask or several, add up in the
 * summary.
 */
public final class ArtistDigests extends AbstractStreamOperator<ArtistDigest>
        implements OneInputStreamOperator<ArtistStats, ArtistDigest> {
    private static final long serialVersionUID = 1L;

    /** Window's last millisecond to the digest of its rows so far, in event-time order. */
    private transient TreeMap<Long, Partial> windows;

    @Override
    public void open() throws Exception {
        super.open();
        windows = new TreeMap<>();
    }

    @Override
    public void processElement(StreamRecord<ArtistStats> element) {
        ArtistStats row = element.getValue();
        windows.computeIfAbsent(row.windowEnd() - 1, end -> new Partial()).add(row);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        sendUpTo(mark.getTimestamp());
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        sendUpTo(Long.MAX_VALUE);
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        sendUpTo(Long.MAX_VALUE);
        super.finish();
    }

    private void sendUpTo(long eventTime) {
        Iterator<Map.Entry<Long, Partial>> open = windows.entrySet().iterator();
        while (open.hasNext()) {
            Map.Entry<Long, Partial> window = open.next();
            if (window.getKey() > eventTime) {
                return;
            }
            output.collect(new StreamRecord<>(window.getValue().digest(), window.getKey()));
            open.remove();
        }
    }

    /** A digest being built; its candidates for the top are cut back only now and then. */
    private static final class Partial {
        private long artists;
        private final List<RankedName> candidates = new ArrayList<>();

        void add(ArtistStats row) {
            artists++;
            candidates.add(new RankedName(row.artist(), row.trackCount(), row.popularityAvg()));
            if (candidates.size() >= 8 * TracksSummaryAggregate.TOP_N) {
                List<RankedName> top = TracksSummaryAggregate.top(candidates);
                candidates.clear();
                candidates.addAll(top);
            }
        }

        ArtistDigest digest() {
            return new ArtistDigest(artists, TracksSummaryAggregate.top(candidates));
        }
    }
}
