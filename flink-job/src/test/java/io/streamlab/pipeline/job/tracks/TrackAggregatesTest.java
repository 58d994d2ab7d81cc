package io.streamlab.pipeline.job.tracks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamlab.pipeline.datasets.RankedName;
import io.streamlab.pipeline.datasets.TracksSummary;
import io.streamlab.pipeline.job.windows.MergingAggregate;
import io.streamlab.pipeline.records.Track;
import io.streamlab.pipeline.records.Tracks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrackAggregatesTest {
    static Track track(String artists, String genre, int popularity, double energy, boolean explicit) {
        return TestTracks.sample()
                .artists(artists)
                .popularity(popularity)
                .durationMs(100_000 + popularity)
                .explicit(explicit)
                .energy(energy)
                .tempo(100.0 + popularity)
                .trackGenre(genre)
                .sourcePartition(0)
                .sourceOffset(0)
                .build();
    }

    @Test
    void splitsArtistsTrimsDropsEmptyNamesAndDuplicates() {
        assertEquals(List.of("A", "B"), Tracks.artists("A;B"));
        assertEquals(List.of("Beyoncé", "Jay-Z"), Tracks.artists(" Beyoncé ; Jay-Z "));
        assertEquals(List.of("A", "B"), Tracks.artists("A;;B; ;"));
        assertEquals(List.of("A"), Tracks.artists("A;A"));
        assertEquals(List.of(), Tracks.artists(" ; "));
        assertEquals(List.of(), Tracks.artists(null));
        List<ArtistTrack> out = new ArrayList<>();
        new SplitArtists().flatMap(track("X; Y", "pop", 1, 0, false), new org.apache.flink.util.Collector<>() {
            @Override
            public void collect(ArtistTrack record) {
                out.add(record);
            }

            @Override
            public void close() {}
        });
        assertEquals(List.of("X", "Y"), out.stream().map(ArtistTrack::artist).toList());
    }

    @Test
    void genreAggregateIsIncrementalAndMergeable() {
        MergingAggregate<Track, FeatureSums> agg = MergingAggregate.of(FeatureSums.class, FeatureSums::new);
        FeatureSums a = agg.add(track("A", "pop", 10, 0.2, true), agg.createAccumulator());
        FeatureSums b = agg.add(track("B", "pop", 30, 0.4, false), agg.createAccumulator());
        agg.add(track("C", "pop", 50, 0.6, false), b);
        GenreStats row = agg.getResult(agg.merge(a, b)).toGenreStats(0, 60_000, "pop");
        assertEquals(3, row.trackCount());
        assertEquals(30.0, row.popularityAvg(), 1e-12);
        assertEquals(10, row.popularityMin());
        assertEquals(50, row.popularityMax());
        assertEquals(0.4, row.energyAvg(), 1e-12);
        assertEquals(130.0, row.tempoAvg(), 1e-12);
        assertEquals(100_030.0, row.durationMsAvg(), 1e-9);
        assertEquals(1.0 / 3, row.explicitShare(), 1e-12);
    }

    @Test
    void artistAggregateCountsDistinctGenres() {
        MergingAggregate<ArtistTrack, ArtistAccumulator> agg =
                MergingAggregate.of(ArtistAccumulator.class, ArtistAccumulator::new);
        ArtistAccumulator acc = agg.createAccumulator();
        agg.add(ArtistTrack.of("A", track("A", "pop", 10, 0.1, false)), acc);
        agg.add(ArtistTrack.of("A", track("A", "rock", 20, 0.1, false)), acc);
        ArtistAccumulator other =
                agg.add(ArtistTrack.of("A", track("A", "pop", 30, 0.1, false)), agg.createAccumulator());
        agg.add(ArtistTrack.of("A", track("A", "jazz", 40, 0.1, false)), other);
        ArtistAccumulator merged = agg.merge(acc, other);
        assertEquals(4, merged.count);
        assertEquals(40, merged.popularityMax);
        assertEquals(25.0, merged.avg(merged.popularitySum), 1e-12);
        assertEquals(List.of("pop", "rock", "jazz"), merged.genres);
    }

    @Test
    @org.junit.jupiter.api.Timeout(60) // kept linear by the bound: a list of 300,000 genres would take many minutes
    void anArtistsGenresAreBoundedSoAHostileStreamCostsLinearWork() {
        MergingAggregate<ArtistTrack, ArtistAccumulator> agg =
                MergingAggregate.of(ArtistAccumulator.class, ArtistAccumulator::new);
        ArtistAccumulator acc = agg.createAccumulator();
        for (int i = 0; i < 300_000; i++) {
            agg.add(ArtistTrack.of("A", track("A", "genre-" + i, 10, 0.1, false)), acc);
        }
        assertEquals(300_000, acc.count);
        assertEquals(ArtistAccumulator.MAX_GENRES, acc.genres.size());
        assertEquals(
                ArtistAccumulator.MAX_GENRES, acc.toArtistStats(0, 60_000, "A").genreCount());
        ArtistAccumulator merged = agg.merge(
                acc, agg.add(ArtistTrack.of("A", track("A", "one-more", 10, 0.1, false)), agg.createAccumulator()));
        assertEquals(ArtistAccumulator.MAX_GENRES, merged.genres.size());
    }

    @Test
    void summaryRanksByCountThenPopularityThenNameAndKeepsTen() {
        TracksSummaryAggregate agg = new TracksSummaryAggregate();
        SummaryAccumulator acc = agg.createAccumulator();
        for (int i = 0; i < 12; i++) {
            String genre = "g" + (char) ('a' + i);
            FeatureSums sums = new FeatureSums();
            for (int n = 0; n <= i % 3; n++) {
                sums.add(track("A", genre, i == 4 ? 90 : 40, 0.5, false));
            }
            agg.add(new SummaryInput(sums.toGenreStats(0, 60_000, genre), null), acc);
        }
        // two subtasks' digests of the window's artist rows
        agg.add(
                new SummaryInput(
                        null, new ArtistDigest(2, List.of(new RankedName("Zed", 2, 50), new RankedName("Ana", 2, 50)))),
                acc);
        agg.add(new SummaryInput(null, new ArtistDigest(1, List.of(new RankedName("Bob", 2, 70)))), acc);
        // a window fired again for late data replaces the row of the same genre instead of adding to it
        agg.add(
                new SummaryInput(
                        new FeatureSums().add(track("A", "ga", 40, 0.5, false)).toGenreStats(0, 60_000, "ga"), null),
                acc);

        TracksSummary s = TracksSummaryAggregate.summarise(0, 60_000, acc);
        assertEquals(12, s.distinctGenres());
        assertEquals(3, s.distinctArtists());
        assertEquals(24, s.trackCount());
        assertEquals(10, s.topGenres().size());
        assertEquals(
                List.of("gc", "gf", "gi", "gl", "ge", "gb", "gh", "gk", "ga", "gd"),
                s.topGenres().stream().map(RankedName::name).toList(),
                "3 tracks each first (by name), then ge's popularity");
        assertEquals(
                List.of("Bob", "Ana", "Zed"),
                s.topArtists().stream().map(RankedName::name).toList());
    }
}
