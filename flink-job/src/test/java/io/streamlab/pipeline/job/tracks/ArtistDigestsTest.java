package io.streamlab.pipeline.job.tracks;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.datasets.RankedName;
import io.streamlab.pipeline.datasets.TracksSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The artist digests that feed the window summary in place of the artist rows: sent in time (never late
 * for the summary, never held across a checkpoint), and summing up, however the rows were spread over
 * subtasks and checkpoints, to the summary the rows themselves give.
 */
class ArtistDigestsTest {
    static final long MIN = 60_000;

    private static ArtistStats row(long windowStart, String artist, long tracks, double popularity) {
        return new ArtistStats(
                windowStart, windowStart + MIN, artist, tracks, popularity, (int) popularity, 0, 0, 0, 0, 0, 1);
    }

    private static OneInputStreamOperatorTestHarness<ArtistStats, ArtistDigest> harness() throws Exception {
        var harness = new OneInputStreamOperatorTestHarness<>(new ArtistDigests());
        harness.open();
        return harness;
    }

    /** The output in order: "count[names]@timestamp" for digests, "W timestamp" for watermarks. */
    private static List<String> sent(OneInputStreamOperatorTestHarness<ArtistStats, ArtistDigest> harness) {
        List<String> out = new ArrayList<>();
        for (Object element : harness.getOutput()) {
            if (element instanceof StreamRecord<?> r && r.getValue() instanceof ArtistDigest d) {
                out.add(d.artists()
                        + d.top().stream().map(RankedName::name).toList().toString() + "@" + r.getTimestamp());
            } else if (element instanceof Watermark w) {
                out.add("W " + w.getTimestamp());
            }
        }
        harness.getOutput().clear();
        return out;
    }

    @Test
    void sendsAWindowsDigestJustBeforeTheWatermarkThatClosesIt() throws Exception {
        try (var harness = harness()) {
            harness.processElement(row(0, "Ana", 3, 50), MIN - 1);
            harness.processElement(row(0, "Bob", 5, 40), MIN - 1);
            harness.processElement(row(MIN, "Cy", 1, 10), 2 * MIN - 1);
            harness.processWatermark(new Watermark(MIN - 2));
            assertThat(sent(harness)).containsExactly("W 59998");

            harness.processWatermark(new Watermark(MIN - 1));
            assertThat(sent(harness))
                    .as("the first window's digest, stamped with its last millisecond, then the watermark")
                    .containsExactly("2[Bob, Ana]@59999", "W 59999");

            harness.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(sent(harness)).containsExactly("1[Cy]@119999", "W " + Long.MAX_VALUE);
        }
    }

    @Test
    void holdsNothingAcrossACheckpointBarrier() throws Exception {
        try (var harness = harness()) {
            harness.processElement(row(0, "Ana", 3, 50), MIN - 1);
            harness.processElement(row(3 * MIN, "Bob", 1, 50), 4 * MIN - 1);
            harness.prepareSnapshotPreBarrier(1);
            assertThat(sent(harness)).containsExactly("1[Ana]@59999", "1[Bob]@239999");

            harness.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(sent(harness)).as("nothing held back").containsExactly("W " + Long.MAX_VALUE);
        }
    }

    @Test
    void sendsWhatItHoldsAtTheEndOfTheInput() throws Exception {
        try (var harness = harness()) {
            harness.processElement(row(0, "Ana", 3, 50), MIN - 1);
            harness.getOperator().finish();
            assertThat(sent(harness)).containsExactly("1[Ana]@59999");
        }
    }

    /**
     * Rows of one window, spread at random over subtasks and cut at random by checkpoints, with ties on
     * track count and popularity: the digests add up to the count and top list of all the rows.
     */
    @Test
    void digestsSumUpToTheSummaryOfTheRowsHoweverTheyAreSpread() throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        for (int run = 0; run < 200; run++) {
            int artists = random.nextInt(0, 400);
            int subtasks = random.nextInt(1, 4);
            List<ArtistStats> rows = new ArrayList<>();
            for (int i = 0; i < artists; i++) {
                rows.add(row(0, "artist-" + i, random.nextInt(1, 6), random.nextInt(0, 4) * 25));
            }
            TracksSummaryAggregate aggregate = new TracksSummaryAggregate();
            SummaryAccumulator total = aggregate.createAccumulator();
            for (int subtask = 0; subtask < subtasks; subtask++) {
                try (var harness = harness()) {
                    for (int i = subtask; i < rows.size(); i += subtasks) {
                        harness.processElement(rows.get(i), MIN - 1);
                        if (random.nextInt(50) == 0) {
                            harness.prepareSnapshotPreBarrier(i);
                        }
                    }
                    harness.processWatermark(new Watermark(Long.MAX_VALUE));
                    for (ArtistDigest digest : harness.extractOutputValues()) {
                        aggregate.add(new SummaryInput(null, digest), total);
                    }
                }
            }

            TracksSummary summary = TracksSummaryAggregate.summarise(0, MIN, total);
            assertThat(summary.distinctArtists()).isEqualTo(artists);
            assertThat(summary.topArtists()).isEqualTo(expectedTop(rows));
        }
    }

    /**
     * A savepoint of release 0.1.0 restores summary state that holds artist rows: they count, and rank,
     * together with the digests that come after the upgrade.
     */
    @Test
    void artistRowsOfASavepointOfRelease010CountWithTheDigests() {
        TracksSummaryAggregate aggregate = new TracksSummaryAggregate();
        SummaryAccumulator restored = aggregate.createAccumulator();
        restored.artists.put("Ana", row(0, "Ana", 3, 50));
        restored.artists.put("Bob", row(0, "Bob", 1, 50));

        aggregate.add(
                new SummaryInput(null, new ArtistDigest(2, List.of(rank("Cy", 2, 90), rank("Di", 1, 90)))), restored);

        TracksSummary summary = TracksSummaryAggregate.summarise(0, MIN, restored);
        assertThat(summary.distinctArtists()).isEqualTo(4);
        assertThat(summary.topArtists()).extracting(RankedName::name).containsExactly("Ana", "Cy", "Di", "Bob");
    }

    private static RankedName rank(String name, long tracks, double popularity) {
        return new RankedName(name, tracks, popularity);
    }

    /** The reference: every row ranked, the first ten kept. */
    private static List<RankedName> expectedTop(List<ArtistStats> rows) {
        return rows.stream()
                .map(r -> rank(r.artist(), r.trackCount(), r.popularityAvg()))
                .sorted(Comparator.comparingLong(RankedName::trackCount)
                        .reversed()
                        .thenComparing(Comparator.comparingDouble(RankedName::popularityAvg)
                                .reversed())
                        .thenComparing(RankedName::name))
                .limit(TracksSummaryAggregate.TOP_N)
                .toList();
    }
}
