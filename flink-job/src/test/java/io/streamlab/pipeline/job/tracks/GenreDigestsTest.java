package io.streamlab.pipeline.job.tracks;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.datasets.RankedName;
import io.streamlab.pipeline.datasets.TracksSummary;
import io.streamlab.pipeline.job.testing.Rows;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The genre digests that feed the window summary in place of the genre rows: sent in time, holding
 * nothing across a checkpoint, and adding up, however the rows were spread over subtasks and
 * checkpoints, to the summary the rows themselves give.
 */
class GenreDigestsTest {
    static final long MIN = 60_000;

    private static GenreStats row(String genre, long tracks, SplittableRandom r) {
        return row(genre, tracks, 0, r);
    }

    /** A row of window {@code w}: {@code [w min, w + 1 min)}. */
    private static GenreStats row(String genre, long tracks, int w, SplittableRandom r) {
        return new GenreStats(
                w * MIN,
                (w + 1) * MIN,
                genre,
                tracks,
                r.nextInt(0, 5) * 20,
                0,
                100,
                r.nextDouble(),
                r.nextDouble(),
                -r.nextDouble() * 30,
                r.nextDouble(),
                r.nextDouble(),
                r.nextDouble(),
                r.nextDouble(),
                r.nextDouble(),
                60 + r.nextDouble() * 120,
                100_000 + r.nextDouble() * 200_000,
                r.nextDouble());
    }

    private static OneInputStreamOperatorTestHarness<GenreStats, GenreTotals> harness() throws Exception {
        var harness = new OneInputStreamOperatorTestHarness<>(new GenreDigests());
        harness.open();
        return harness;
    }

    /** The output in order: "genres/tracks@timestamp" for digests, "W t", "IDLE" for the rest. */
    private static List<String> sent(OneInputStreamOperatorTestHarness<GenreStats, GenreTotals> harness) {
        List<String> out = new ArrayList<>();
        for (Object element : harness.getOutput()) {
            if (element instanceof StreamRecord<?> r && r.getValue() instanceof GenreTotals t) {
                out.add(t.genres + "/" + t.tracks + "@" + r.getTimestamp());
            } else if (element instanceof Watermark w) {
                out.add("W " + w.getTimestamp());
            } else if (element instanceof WatermarkStatus s) {
                out.add(s.isIdle() ? "IDLE" : "ACTIVE");
            }
        }
        harness.getOutput().clear();
        return out;
    }

    @Test
    void sendsAWindowsDigestAtItsWatermarkBeforeABarrierAndBeforeGoingIdle() throws Exception {
        SplittableRandom r = new SplittableRandom(1);
        try (var harness = harness()) {
            harness.processElement(row("pop", 3, r), MIN - 1);
            harness.processElement(row("rock", 2, r), MIN - 1);
            harness.processWatermark(new Watermark(MIN - 2));
            assertThat(sent(harness)).containsExactly("W 59998");
            harness.processWatermark(new Watermark(MIN - 1));
            assertThat(sent(harness)).containsExactly("2/5@59999", "W 59999");

            harness.processElement(row("jazz", 1, r), MIN - 1);
            harness.prepareSnapshotPreBarrier(1);
            assertThat(sent(harness)).containsExactly("1/1@59999");

            harness.processElement(row("metal", 4, r), MIN - 1);
            harness.processWatermarkStatus(WatermarkStatus.IDLE);
            assertThat(sent(harness)).containsExactly("1/4@59999", "IDLE");
        }
    }

    /**
     * A bounded (BATCH) run: no watermark, no barrier, rows sorted by genre, each genre through every window
     * of the history. At most {@link io.streamlab.pipeline.job.windows.PerWindowBuffer#MAX_BUFFERED_WINDOWS}
     * windows are held; the oldest goes early, and the digests still add up per window.
     */
    @Test
    void aHistoryWithoutWatermarksIsHeldAFewWindowsAtATime() throws Exception {
        SplittableRandom r = new SplittableRandom(3);
        int windows = 500;
        java.util.Map<Long, Long> expected = new java.util.TreeMap<>();
        java.util.Map<Long, Long> digested = new java.util.TreeMap<>();
        try (var harness = harness()) {
            for (String genre : List.of("pop", "rock", "jazz")) {
                for (int w = 0; w < windows; w++) {
                    GenreStats row = row(genre, 1 + w % 3, w, r);
                    harness.processElement(row, (w + 1) * MIN - 1);
                    expected.merge((w + 1) * MIN - 1, row.trackCount(), Long::sum);
                }
                assertThat(harness.getOutput())
                        .as("sent while reading %s: all but the last few windows", genre)
                        .hasSizeGreaterThanOrEqualTo(windows - 16);
                for (Object element : harness.getOutput()) {
                    StreamRecord<?> digest = (StreamRecord<?>) element;
                    digested.merge(digest.getTimestamp(), ((GenreTotals) digest.getValue()).tracks, Long::sum);
                }
                harness.getOutput().clear();
            }
            harness.endInput();
            harness.close();
            for (Object element : harness.getOutput()) {
                StreamRecord<?> digest = (StreamRecord<?>) element;
                digested.merge(digest.getTimestamp(), ((GenreTotals) digest.getValue()).tracks, Long::sum);
            }
        }
        assertThat(digested).isEqualTo(expected);
    }

    /**
     * Up to 3,000 genres of one window (any string is a genre), spread at random over subtasks and cut at
     * random by checkpoints: the digests give the summary the rows themselves give.
     */
    @Test
    void digestsGiveTheSummaryOfTheRowsHoweverTheyAreSpread() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        for (int run = 0; run < 100; run++) {
            int genres = random.nextInt(0, run % 10 == 0 ? 3_000 : 200);
            int subtasks = random.nextInt(1, 4);
            List<GenreStats> rows = new ArrayList<>();
            for (int i = 0; i < genres; i++) {
                rows.add(row("genre-" + i, random.nextInt(1, 6), random));
            }
            TracksSummaryAggregate aggregate = new TracksSummaryAggregate();
            SummaryAccumulator fromRows = aggregate.createAccumulator();
            rows.forEach(g -> aggregate.add(new SummaryInput(g, null), fromRows));
            SummaryAccumulator fromDigests = aggregate.createAccumulator();
            int digests = 0;
            int barriers = 0;
            for (int subtask = 0; subtask < subtasks; subtask++) {
                try (var harness = harness()) {
                    for (int i = subtask; i < rows.size(); i += subtasks) {
                        harness.processElement(rows.get(i), MIN - 1);
                        if (random.nextInt(50) == 0) {
                            harness.prepareSnapshotPreBarrier(i);
                            barriers++;
                        }
                    }
                    harness.processWatermark(new Watermark(Long.MAX_VALUE));
                    for (GenreTotals digest : harness.extractOutputValues()) {
                        aggregate.add(SummaryInput.of(digest), fromDigests);
                        digests++;
                    }
                }
            }

            TracksSummary expected = TracksSummaryAggregate.summarise(0, MIN, fromRows);
            TracksSummary actual = TracksSummaryAggregate.summarise(0, MIN, fromDigests);
            Rows.assertClose(expected, actual);
            assertThat(actual.topGenres())
                    .extracting(RankedName::name)
                    .isEqualTo(
                            expected.topGenres().stream().map(RankedName::name).toList());
            assertThat(fromDigests.genres)
                    .as("the summary's state holds totals, not rows")
                    .isEmpty();
            assertThat(digests)
                    .as("one digest per subtask, and one more per checkpoint at most, whatever the genres")
                    .isLessThanOrEqualTo(subtasks + barriers);
        }
    }

    /** A summary restored from a savepoint that holds genre rows counts them with the digests. */
    @Test
    void genreRowsOfAnEarlierSavepointCountWithTheDigests() {
        SplittableRandom r = new SplittableRandom(3);
        TracksSummaryAggregate aggregate = new TracksSummaryAggregate();
        GenreStats pop = row("pop", 3, r);
        GenreStats rock = row("rock", 2, r);
        SummaryAccumulator both = aggregate.createAccumulator();
        aggregate.add(new SummaryInput(pop, null), both);
        aggregate.add(new SummaryInput(rock, null), both);

        SummaryAccumulator restored = aggregate.createAccumulator();
        restored.genres.put("pop", pop);
        restored.genreTotals = null; // state written before the field existed
        aggregate.add(SummaryInput.of(new GenreTotals().add(rock).digest()), restored);

        Rows.assertClose(
                TracksSummaryAggregate.summarise(0, MIN, both), TracksSummaryAggregate.summarise(0, MIN, restored));
    }
}
