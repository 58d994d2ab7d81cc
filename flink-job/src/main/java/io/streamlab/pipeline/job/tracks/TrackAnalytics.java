package io.streamlab.pipeline.job.tracks;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.datasets.Dataset;
import io.streamlab.pipeline.datasets.TracksSummary;
import io.streamlab.pipeline.job.deadletters.DeadLetters;
import io.streamlab.pipeline.job.windows.LateAtWindows;
import io.streamlab.pipeline.job.windows.MergingAggregate;
import io.streamlab.pipeline.job.windows.OnTimeGate;
import io.streamlab.pipeline.job.windows.ParseResult;
import io.streamlab.pipeline.job.windows.WindowRow;
import io.streamlab.pipeline.metrics.PipelineMetrics;
import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.Track;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.datastream.WindowedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.OutputTag;

/**
 * The music side of the job: tracks from their source to {@code genre_stats}, {@code artist_stats} and
 * {@code tracks_summary}. Returns its dead letters (invalid and late records) for the shared output.
 */
public final class TrackAnalytics {
    /** Where the three track datasets go. */
    public record Sinks(Sink<GenreStats> genreStats, Sink<ArtistStats> artistStats, Sink<TracksSummary> summary) {}

    private TrackAnalytics() {}

    public static DataStream<DeadLetter> build(
            StreamExecutionEnvironment env, PipelineConfig config, Source<TrackOrError, ?, ?> source, Sinks sinks) {
        PipelineConfig.EventTime eventTime = config.eventTime();
        // invalid and late tracks leave here, once, as dead letters: the windows see only on-time tracks
        SingleOutputStreamOperator<Track> tracks = env.fromSource(
                        source, ParseResult.<Track, TrackOrError>watermarks(eventTime), "Tracks from Kafka")
                .uid("tracks-source")
                .transform(
                        "Validate tracks (invalid and late to dead letters)",
                        TypeInformation.of(Track.class),
                        new OnTimeGate<TrackOrError, Track>(
                                config.topics().tracks(),
                                eventTime.tracksWindow().toMillis(),
                                PipelineMetrics.Input.TRACKS,
                                null))
                .uid("tracks-validate");

        LateAtWindows late = new LateAtWindows(
                config.topics().tracks(), eventTime.tracksWindow().toMillis(), PipelineMetrics.Input.TRACKS);
        SingleOutputStreamOperator<GenreStats> genreStats = genreStats(tracks, eventTime, late);
        SingleOutputStreamOperator<ArtistStats> artistStats = artistStats(tracks, eventTime, late);
        SingleOutputStreamOperator<TracksSummary> summary =
                summary(genreStats, artistStats, eventTime, late, config.job().bounded());

        genreStats.sinkTo(sinks.genreStats()).name(Dataset.GENRE_STATS.folder()).uid("sink-genre-stats");
        artistStats
                .sinkTo(sinks.artistStats())
                .name(Dataset.ARTIST_STATS.folder())
                .uid("sink-artist-stats");
        // not chained to the single summary task: chained, the sink would take its maximum parallelism
        // of 1, and a savepoint taken at parallelism 1 could not be restored at another parallelism
        summary.sinkTo(sinks.summary())
                .name(Dataset.TRACKS_SUMMARY.folder())
                .uid("sink-tracks-summary")
                .disableChaining();
        return late.unionWith(tracks.getSideOutput(DeadLetters.TAG));
    }

    /** Per genre and window. */
    static SingleOutputStreamOperator<GenreStats> genreStats(
            DataStream<Track> tracks, PipelineConfig.EventTime eventTime, LateAtWindows late) {
        return MergingAggregate.of(FeatureSums.class, FeatureSums::new)
                .preAggregatedRows(
                        tracks,
                        Track::trackGenre,
                        eventTime.tracksWindow(),
                        new WindowRow<FeatureSums, GenreStats>(
                                "genreStatsEmitted",
                                GenreStats.class,
                                eventTime.guardRetention(),
                                (start, end, genre, sums) -> sums.toGenreStats(start, end, genre)),
                        "genre stats",
                        "tracks-genre-stats",
                        late)
                .name("Genre stats per window")
                .uid("tracks-genre-stats");
    }

    static SingleOutputStreamOperator<ArtistStats> artistStats(
            DataStream<Track> tracks, PipelineConfig.EventTime eventTime, LateAtWindows late) {
        WindowedStream<ArtistTrack, String, TimeWindow> windows = tracks.flatMap(new SplitArtists())
                .name("Split artists")
                .uid("tracks-split-artists")
                .keyBy(ArtistTrack::artist)
                .window(TumblingEventTimeWindows.of(eventTime.tracksWindow()));
        return MergingAggregate.of(ArtistAccumulator.class, ArtistAccumulator::new)
                .rows(
                        windows,
                        new WindowRow<ArtistAccumulator, ArtistStats>(
                                "artistStatsEmitted",
                                ArtistStats.class,
                                eventTime.guardRetention(),
                                (start, end, artist, a) -> a.toArtistStats(start, end, artist)),
                        "artist stats",
                        "tracks-artist-stats",
                        late)
                .name("Artist stats per window")
                .uid("tracks-artist-stats");
    }

    /** The whole stream per window, from the genre and artist digests of that window. */
    static SingleOutputStreamOperator<TracksSummary> summary(
            DataStream<GenreStats> genreStats,
            DataStream<ArtistStats> artistStats,
            PipelineConfig.EventTime eventTime,
            LateAtWindows late,
            boolean bounded) {
        TypeInformation<SummaryInput> inputType = TypeInformation.of(SummaryInput.class);
        DataStream<SummaryInput> inputs = genreStats
                .transform("Genre digests per window", TypeInformation.of(GenreTotals.class), new GenreDigests())
                .uid("tracks-genre-digests")
                .transform("Genre digests to summary", inputType, new ToSummaryInput<GenreTotals>(SummaryInput::of))
                .uid("tracks-summary-genre-input")
                .union(artistStats
                        .transform(
                                "Artist digests per window",
                                TypeInformation.of(ArtistDigest.class),
                                new ArtistDigests())
                        .uid("tracks-artist-digests")
                        .transform(
                                "Artist digests to summary",
                                inputType,
                                new ToSummaryInput<ArtistDigest>(a -> new SummaryInput(null, a)))
                        .uid("tracks-summary-artist-input"));
        if (bounded) {
            return BoundedSummary.of(inputs, eventTime.tracksWindow());
        }
        OutputTag<SummaryInput> lateTag = LateAtWindows.tag("tracks-summary", inputs.getType());
        SingleOutputStreamOperator<TracksSummary> summary = inputs.windowAll(
                        TumblingEventTimeWindows.of(eventTime.tracksWindow()))
                .sideOutputLateData(lateTag)
                .aggregate(
                        new TracksSummaryAggregate(),
                        new TracksSummaryAggregate.SummaryRow(
                                eventTime.guardRetention(), late.reopened("tracks summary")))
                .name("Tracks summary per window")
                .uid("tracks-summary");
        // not chained to the summary, for the reason its sink is not (build)
        late.collect(summary, lateTag, "tracks summary", "tracks-summary").disableChaining();
        return summary;
    }
}
