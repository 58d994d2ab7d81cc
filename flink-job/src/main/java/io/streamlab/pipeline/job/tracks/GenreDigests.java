package io.streamlab.pipeline.job.tracks;

import io.streamlab.pipeline.job.windows.PerWindowBuffer;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Folds the {@code genre_stats} rows of its subtask into one {@link GenreTotals} per window, so that
 * the single summary task receives a few digests per window whatever the number of genres, and keeps
 * totals, not one row per genre: a stream of thousands of distinct genre strings (any string is a valid
 * genre) cannot grow the summary's state or its work per window. On {@code rocksdb}, where each input
 * rewrites the window's accumulator, a row per genre made a window's work grow with the square of its
 * genres.
 *
 * <p>A digest goes out when the window closes, before each checkpoint barrier (so the operator has no
 * state), before its input is announced idle and at the end of the input ({@link PerWindowBuffer}).
 */
public final class GenreDigests extends PerWindowBuffer<GenreStats, GenreTotals, GenreTotals> {
    private static final long serialVersionUID = 1L;

    @Override
    public void processElement(StreamRecord<GenreStats> element) {
        GenreStats row = element.getValue();
        buffer(row.windowEnd() - 1, GenreTotals::new).add(row);
    }

    @Override
    protected void send(long maxTimestamp, GenreTotals totals) {
        output.collect(new StreamRecord<>(totals.digest(), maxTimestamp));
    }
}
