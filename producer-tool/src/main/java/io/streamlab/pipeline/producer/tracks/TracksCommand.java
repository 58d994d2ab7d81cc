package io.streamlab.pipeline.producer.tracks;

import io.streamlab.pipeline.cli.ConfigFlags;
import io.streamlab.pipeline.cli.Flags;
import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.producer.Context;
import io.streamlab.pipeline.producer.Format;
import io.streamlab.pipeline.producer.ProducerTool;
import io.streamlab.pipeline.producer.publish.BadInputException;
import io.streamlab.pipeline.producer.publish.FileContent;
import io.streamlab.pipeline.producer.publish.Fingerprint;
import io.streamlab.pipeline.producer.publish.PlausibleStart;
import io.streamlab.pipeline.producer.publish.PublishFlags;
import io.streamlab.pipeline.producer.publish.PublishOptions;
import io.streamlab.pipeline.producer.publish.PublishRun;
import io.streamlab.pipeline.producer.publish.RecordSource;
import io.streamlab.pipeline.producer.publish.Rejects;
import io.streamlab.pipeline.producer.publish.WholeFileCheck;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.LongUnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code producer-tool tracks}: publishes tracks from the Kaggle CSV, a download of it, or a generator. */
@Command(
        name = "tracks",
        description = {
            "Publishes tracks from the Kaggle CSV, a download of it, or a generator.",
            "Topic: topic.tracks; key track_id, value the track JSON. Source: --file (a Kaggle \"Spotify Tracks\" "
                    + "CSV), --download (fetch it from Kaggle), or --synthetic N generated tracks (the default: "
                    + "20000). A dataset already published to the topic is not published twice (see --force). "
                    + "Invalid rows are reported and skipped."
        })
public final class TracksCommand implements Callable<Integer> {
    static final long DEFAULT_SYNTHETIC = 20_000;
    static final long DEFAULT_SEED = 42;
    static final double DEFAULT_EVENTS_PER_SECOND = 100;

    @ParentCommand
    private ProducerTool tool;

    @Spec
    private CommandSpec spec;

    @Option(names = "--file", paramLabel = "PATH", description = "the Kaggle Spotify Tracks CSV to publish")
    private Path file;

    @Option(
            names = "--download",
            description = "download dataset.csv of " + KaggleDownload.DATASET
                    + " (needs KAGGLE_USERNAME and KAGGLE_KEY), then publish it")
    private boolean download;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "where --download keeps the file (default .local/data)")
    private Path dataDir = Path.of(".local/data");

    private long synthetic = DEFAULT_SYNTHETIC;

    @Option(
            names = "--synthetic",
            paramLabel = "N",
            description = "publish N generated tracks (default 20000 when no file is given)")
    void synthetic(String text) {
        synthetic = Flags.wholeNumber(spec, "--synthetic", text, 0, 1_000_000_000L);
    }

    private long seed = DEFAULT_SEED;

    @Option(names = "--seed", paramLabel = "S", description = "seed of the generated tracks (default 42)")
    void seed(String text) {
        seed = Flags.wholeNumber(spec, "--seed", text, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private Instant startTime;

    @Option(
            names = "--start-time",
            paramLabel = "TIME",
            description = "event time of the first track: ISO-8601 or epoch seconds "
                    + "(default: now, rounded down to the minute, minus 10 minutes)")
    void startTime(String text) {
        startTime = Flags.instant(spec, "--start-time", text);
    }

    private double eventsPerSecond = DEFAULT_EVENTS_PER_SECOND;

    @Option(
            names = "--events-per-second",
            paramLabel = "R",
            description = "event time advances 1 s every R tracks (default 100; with --file the event time is "
                    + "the publish time unless this or --start-time is given)")
    void eventsPerSecond(String text) {
        eventsPerSecond = Flags.number(spec, "--events-per-second", text, 0.001, 10_000_000);
    }

    @Mixin
    private PublishFlags publish;

    @Mixin
    private ConfigFlags configFlags;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Flags.exclusive(spec, "--file", "--download");
        Flags.exclusive(spec, "--file", "--synthetic");
        Flags.exclusive(spec, "--download", "--synthetic");
        Context context = tool.context();
        PipelineConfig config = configFlags.load(context.env());
        PublishOptions options = publish.options(0);
        Optional<Instant> explicitStart = Optional.ofNullable(startTime);
        if (startTime != null) {
            Optional<String> implausible = implausibleStart(
                    startTime,
                    config.limits(),
                    System.currentTimeMillis(),
                    file != null || download,
                    synthetic,
                    eventsPerSecond);
            if (implausible.isPresent()) {
                throw Flags.usage(spec, implausible.get());
            }
        } else if (file == null && !download && synthetic > 0) {
            // without a start the tracks end about now: a long enough dataset began before the job's floor
            Instant start = defaultStart(synthetic, eventsPerSecond);
            if (start.isBefore(earliestStart(config.limits(), SyntheticTracks.MAX_JITTER_SECONDS))) {
                throw Flags.usage(
                        spec,
                        Format.count(synthetic) + " synthetic tracks at --events-per-second " + eventsPerSecond
                                + " would start at " + start + ", before the event times the job accepts ("
                                + PipelineConfig.Limits.EVENT_TIME_MIN + "): raise --events-per-second or lower"
                                + " --synthetic");
            }
        }
        Instant start = explicitStart.orElseGet(TracksCommand::defaultStart);
        String topic = config.topics().tracks();
        Rejects rejects = new Rejects(context.console());
        PublishRun run = new PublishRun(context, config, options, publish.force());

        if ((file != null || download) && Flags.given(spec, "--seed")) {
            // before the download: the mistake is the flags, whatever Kaggle answers
            throw Flags.usage(spec, "--seed only applies to synthetic tracks, not to --file or --download");
        }
        Optional<Path> csv = Optional.ofNullable(file).map(f -> Flags.existingFile(spec, "--file", f));
        if (download) {
            csv = Optional.of(KaggleDownload.fetch(dataDir, context.env(), context.console()));
        }
        if (csv.isPresent()) {
            String flag = download ? "--download" : "--file";
            LongUnaryOperator timestampOf = explicitStart.isPresent() || Flags.given(spec, "--events-per-second")
                    ? fileEventTimes(start, eventsPerSecond)
                    : recordId -> System.currentTimeMillis() / 1000;
            TrackCsvReader reader;
            FileContent content = FileContent.of(csv.get());
            try {
                WholeFileCheck.readThrough(TrackCsvReader.open(content, config.limits()), context.stop());
                reader = TrackCsvReader.open(content, config.limits());
            } catch (BadInputException e) {
                throw Flags.usage(spec, flag + ": " + csv.get() + ": " + e.getMessage());
            }
            try (RecordSource source = TrackSources.file(reader, rejects, timestampOf, config.limits())) {
                PublishRun.Dataset dataset = new PublishRun.Dataset(
                        csvDatasetId(content.sha256(), explicitStart, eventsPerSecond),
                        "tracks of " + csv.get().getFileName(),
                        csv.get());
                return run.execute(topic, dataset, source, rejects, 0, false);
            }
        }

        long count = synthetic;
        SyntheticTracks generator = new SyntheticTracks(
                seed, explicitStart.orElseGet(() -> defaultStart(count, eventsPerSecond)), eventsPerSecond);
        PublishRun.Dataset dataset = new PublishRun.Dataset(
                syntheticDatasetId(count, seed, explicitStart, eventsPerSecond),
                Format.count(count) + " synthetic tracks (seed " + seed + ")");
        try (RecordSource source = TrackSources.synthetic(generator, count)) {
            return run.execute(topic, dataset, source, rejects, count, false);
        }
    }

    /*
     * Dataset ids: what sets a dataset's records, their timestamps included when those are reproducible
     * (an explicit --start-time, then one second per --events-per-second records). Without a start the
     * timestamps follow the clock, and only the content is the dataset. The rate and a CSV's start joined
     * the ids when they were found to change the data unseen (a corrected re-run was taken for the
     * dataset already published); the other ids are unchanged, so earlier publishes are still recognised.
     */

    static String csvDatasetId(String fileFingerprint, Optional<Instant> explicitStart, double eventsPerSecond) {
        return explicitStart.isEmpty()
                ? Fingerprint.of("tracks-csv-v1", fileFingerprint)
                : Fingerprint.of(
                        "tracks-csv-v1",
                        fileFingerprint,
                        "start=" + explicitStart.get(),
                        "events-per-second=" + eventsPerSecond);
    }

    static String syntheticDatasetId(long count, long seed, Optional<Instant> explicitStart, double eventsPerSecond) {
        List<String> parts = new ArrayList<>(List.of(
                SyntheticTracks.VERSION,
                Long.toString(count),
                Long.toString(seed),
                explicitStart.map(Instant::toString).orElse("")));
        if (explicitStart.isPresent() && eventsPerSecond != DEFAULT_EVENTS_PER_SECOND) {
            parts.add("events-per-second=" + eventsPerSecond);
        }
        return Fingerprint.of(parts.toArray(String[]::new));
    }

    /**
     * Why the job would refuse the event time of some of the tracks from an explicit {@code start} (see
     * {@link PlausibleStart}), or empty when it takes them all; the job reads a timestamp in whole seconds.
     * Synthetic tracks span their count over --events-per-second after the start, each jittered by up to
     * {@link SyntheticTracks#MAX_JITTER_SECONDS}; the tracks of a file follow the start by their record ids,
     * which only the file tells, so there the start itself is checked.
     */
    static Optional<String> implausibleStart(
            Instant start,
            PipelineConfig.Limits limits,
            long nowMillis,
            boolean fromFile,
            long count,
            double eventsPerSecond) {
        long jitter = fromFile ? 0 : SyntheticTracks.MAX_JITTER_SECONDS;
        long span = fromFile || count == 0 ? 0 : (long) ((count - 1) / eventsPerSecond);
        Instant earliest = earliestStart(limits, jitter);
        Instant latest =
                Instant.ofEpochSecond(Math.floorDiv(limits.maxEventTimeMillis(nowMillis), 1000L) - span - jitter);
        String tracks = fromFile
                ? "the file's first tracks"
                : Format.count(count) + " synthetic tracks over " + span + " s (up to " + jitter + " s of jitter)";
        // the tracks count from the start's whole second
        return PlausibleStart.problem(Instant.ofEpochSecond(start.getEpochSecond()), earliest, latest, tracks);
    }

    /** The earliest start whose records, jittered by up to {@code jitterSeconds}, the job takes. */
    static Instant earliestStart(PipelineConfig.Limits limits, long jitterSeconds) {
        return Instant.ofEpochSecond(Math.floorDiv(limits.minEventTimeMillis(), 1000L) + jitterSeconds);
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

    /**
     * A file row's event time (epoch seconds) from its index: {@code start} plus index / rate. Saturates: an
     * index near 2^63 wrapped to a negative time; now it is refused by the job as too far ahead.
     */
    static LongUnaryOperator fileEventTimes(Instant start, double eventsPerSecond) {
        long startSeconds = start.getEpochSecond();
        return recordId -> {
            long offset = (long) (recordId / eventsPerSecond); // a cast saturates at 2^63 - 1
            long sum = startSeconds + offset;
            return ((startSeconds ^ sum) & (offset ^ sum)) < 0 ? Long.MAX_VALUE : sum;
        };
    }
}
