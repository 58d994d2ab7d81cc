package io.streamlab.pipeline.producer.tracks;

import io.streamlab.pipeline.cli.Args;
import io.streamlab.pipeline.cli.UsageException;
import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.producer.Command;
import io.streamlab.pipeline.producer.Context;
import io.streamlab.pipeline.producer.Format;
import io.streamlab.pipeline.producer.ProducerTool;
import io.streamlab.pipeline.producer.publish.BadInputException;
import io.streamlab.pipeline.producer.publish.Fingerprint;
import io.streamlab.pipeline.producer.publish.PublishOptions;
import io.streamlab.pipeline.producer.publish.PublishRun;
import io.streamlab.pipeline.producer.publish.RecordSource;
import io.streamlab.pipeline.producer.publish.Rejects;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongUnaryOperator;

/** {@code producer-tool tracks}: publishes tracks from the Kaggle CSV, a download of it, or a generator. */
public final class TracksCommand implements Command {
    static final long DEFAULT_SYNTHETIC = 20_000;
    static final long DEFAULT_SEED = 42;
    static final double DEFAULT_EVENTS_PER_SECOND = 100;

    private static final Args.Spec SPEC = new Args.Spec(
            ProducerTool.NAME,
            "tracks",
            "Publishes tracks from the Kaggle CSV, a download of it, or a generator.\n"
                    + "Topic: topic.tracks; key track_id, value the track JSON. Source: --file (a Kaggle \"Spotify Tracks\" CSV), --download (fetch it from Kaggle), or\n"
                    + "--synthetic N generated tracks (the default: 20000). A dataset already published to the\n"
                    + "topic is not published twice (see --force). Invalid rows are reported and skipped.",
            options(),
            true);

    private static List<Args.Option> options() {
        List<Args.Option> o = new ArrayList<>(
                List.of(
                        Args.value("file", "PATH", "the Kaggle Spotify Tracks CSV to publish"),
                        Args.flag(
                                "download",
                                "download dataset.csv of " + KaggleDownload.DATASET
                                        + " (needs KAGGLE_USERNAME and KAGGLE_KEY), then publish it"),
                        Args.value("data-dir", "DIR", "where --download keeps the file (default .local/data)"),
                        Args.value(
                                "synthetic", "N", "publish N generated tracks (default 20000 when no file is given)"),
                        Args.value("seed", "S", "seed of the generated tracks (default 42)"),
                        Args.value(
                                "start-time",
                                "TIME",
                                "event time of the first track: ISO-8601 or epoch seconds "
                                        + "(default: now, rounded down to the minute, minus 10 minutes)"),
                        Args.value(
                                "events-per-second",
                                "R",
                                "event time advances 1 s every R tracks (default 100; "
                                        + "with --file the event time is the publish time unless this or --start-time is given)")));
        o.addAll(PublishOptions.flags());
        return o;
    }

    @Override
    public Args.Spec spec() {
        return SPEC;
    }

    @Override
    public int run(Args args, Context context) throws IOException {
        args.exclusive("file", "download");
        args.exclusive("file", "synthetic");
        args.exclusive("download", "synthetic");
        PipelineConfig config = context.config(args);
        PublishOptions options = PublishOptions.from(args, 0);
        boolean force = args.has("force");
        Optional<Instant> explicitStart = args.instant("start-time");
        double eventsPerSecond = args.doubleValue("events-per-second", DEFAULT_EVENTS_PER_SECOND, 0.001, 10_000_000);
        Instant start = explicitStart.orElseGet(TracksCommand::defaultStart);
        String topic = config.topics().tracks();
        Rejects rejects = new Rejects(context.console());
        PublishRun run = new PublishRun(context, config, options, force);

        Optional<Path> file = args.existingFile("file");
        if (args.has("download")) {
            Path dataDir = Path.of(args.string("data-dir", ".local/data"));
            file = Optional.of(KaggleDownload.fetch(dataDir, context.env(), context.console()));
        }
        if (file.isPresent()) {
            if (args.has("seed")) {
                throw new UsageException("--seed only applies to synthetic tracks, not to --file or --download");
            }
            String flag = args.has("download") ? "--download" : "--file";
            LongUnaryOperator timestampOf = explicitStart.isPresent() || args.has("events-per-second")
                    ? recordId -> start.getEpochSecond() + (long) (recordId / eventsPerSecond)
                    : recordId -> System.currentTimeMillis() / 1000;
            TrackCsvReader reader;
            try {
                reader = TrackCsvReader.open(file.get(), config.limits());
            } catch (BadInputException e) {
                throw new UsageException(flag + ": " + file.get() + ": " + e.getMessage());
            }
            try (RecordSource source = TrackSources.file(reader, rejects, timestampOf)) {
                PublishRun.Dataset dataset = new PublishRun.Dataset(
                        Fingerprint.of("tracks-csv-v1", Fingerprint.ofFile(file.get())),
                        "tracks of " + file.get().getFileName());
                return run.execute(topic, dataset, source, rejects, 0, false);
            }
        }

        long count = args.longValue("synthetic", DEFAULT_SYNTHETIC, 0, 1_000_000_000L);
        long seed = args.longValue("seed", DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE);
        SyntheticTracks generator = new SyntheticTracks(
                seed, explicitStart.orElseGet(() -> defaultStart(count, eventsPerSecond)), eventsPerSecond);
        PublishRun.Dataset dataset = new PublishRun.Dataset(
                Fingerprint.of(
                        SyntheticTracks.VERSION,
                        Long.toString(count),
                        Long.toString(seed),
                        explicitStart.map(Instant::toString).orElse("")),
                Format.count(count) + " synthetic tracks (seed " + seed + ")");
        try (RecordSource source = TrackSources.synthetic(generator, count)) {
            return run.execute(topic, dataset, source, rejects, count, false);
        }
    }

    /** Now, rounded down to the minute, minus 10 minutes: the stream spans several one-minute windows. */
    public static Instant defaultStart() {
        return Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(10, ChronoUnit.MINUTES);
    }

    /**
     * {@link #defaultStart()}, or earlier for a dataset long enough to reach past now: generated event
     * times never run into the future, where the job's limits.event-time.max-ahead would refuse them.
     */
    public static Instant defaultStart(long count, double eventsPerSecond) {
        Instant start = defaultStart();
        Instant endsAt = start.plusSeconds((long) Math.ceil(count / eventsPerSecond));
        Instant now = Instant.now();
        return endsAt.isAfter(now)
                ? start.minus(java.time.Duration.between(now, endsAt)).truncatedTo(ChronoUnit.MINUTES)
                : start;
    }
}
