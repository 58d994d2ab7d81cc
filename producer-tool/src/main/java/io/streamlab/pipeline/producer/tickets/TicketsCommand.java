package io.streamlab.pipeline.producer.tickets;

import io.streamlab.pipeline.cli.ConfigFlags;
import io.streamlab.pipeline.cli.Flags;
import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.producer.Context;
import io.streamlab.pipeline.producer.Format;
import io.streamlab.pipeline.producer.ProducerTool;
import io.streamlab.pipeline.producer.publish.BadInputException;
import io.streamlab.pipeline.producer.publish.FileContent;
import io.streamlab.pipeline.producer.publish.Fingerprint;
import io.streamlab.pipeline.producer.publish.OutgoingRecord;
import io.streamlab.pipeline.producer.publish.PlausibleStart;
import io.streamlab.pipeline.producer.publish.PublishFlags;
import io.streamlab.pipeline.producer.publish.PublishOptions;
import io.streamlab.pipeline.producer.publish.PublishRun;
import io.streamlab.pipeline.producer.publish.RecordSource;
import io.streamlab.pipeline.producer.publish.RecordSources;
import io.streamlab.pipeline.producer.publish.Rejects;
import io.streamlab.pipeline.producer.publish.RowToRecord;
import io.streamlab.pipeline.producer.publish.WholeFileCheck;
import io.streamlab.pipeline.records.Json;
import io.streamlab.pipeline.records.Ticket;
import io.streamlab.pipeline.records.Tickets;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.LongFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code producer-tool tickets}: publishes generated tickets, or replays them from a file. */
@Command(
        name = "tickets",
        description = {
            "Publishes generated support tickets, or replays them from a file.",
            "Topic: topic.tickets; key ticket_id, value the ticket JSON. --count N generated tickets (default 100), "
                    + "--continuous until stopped, or --from-file to replay a CSV / JSON lines file. Counted "
                    + "tickets with an explicit --seed and file replays are published once per topic (see --force)."
        })
public final class TicketsCommand implements Callable<Integer> {
    static final long DEFAULT_COUNT = 100;
    static final long DEFAULT_SPACING_MS = 200;
    static final double DEFAULT_CONTINUOUS_RATE = 10;
    private static final List<String> FILE_ONLY = List.of("--format", "--map", "--order-by", "--speed");
    private static final List<String> GENERATOR_ONLY = List.of("--start-time", "--spacing-ms");

    @ParentCommand
    private ProducerTool tool;

    @Spec
    private CommandSpec spec;

    // generated tickets

    private long count = DEFAULT_COUNT;

    @Option(names = "--count", paramLabel = "N", description = "number of generated tickets (default 100)")
    void count(String text) {
        count = Flags.wholeNumber(spec, "--count", text, 0, 1_000_000_000L);
    }

    @Option(
            names = "--continuous",
            description = "generate tickets until Ctrl+C / SIGTERM (at --rate, default 10 per second)")
    private boolean continuous;

    private double rate;

    @Option(names = "--rate", paramLabel = "R", description = "tickets per second (default 0: as fast as possible)")
    void rate(String text) {
        rate = Flags.number(spec, "--rate", text, 0, 10_000_000);
    }

    private Long seed;

    @Option(
            names = "--seed",
            paramLabel = "S",
            description = "seed of the generated tickets (default: a new one each run)")
    void seed(String text) {
        seed = Flags.wholeNumber(spec, "--seed", text, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private Instant startTime;

    @Option(
            names = "--start-time",
            paramLabel = "TIME",
            description = "created_at of the first ticket: ISO-8601 or epoch seconds (default: so that the last "
                    + "ticket is about now; with --rate or --continuous, the real time)")
    void startTime(String text) {
        startTime = Flags.instant(spec, "--start-time", text);
    }

    private long spacingMs = DEFAULT_SPACING_MS;

    @Option(
            names = "--spacing-ms",
            paramLabel = "MS",
            description = "created_at step between tickets when not paced by --rate (default 200)")
    void spacingMs(String text) {
        spacingMs = Flags.wholeNumber(spec, "--spacing-ms", text, 0, 86_400_000L);
    }

    // a replayed file

    @Option(
            names = "--from-file",
            paramLabel = "PATH",
            description = "replay tickets from a CSV (with a header) or JSON lines file")
    private Path fromFile;

    private TicketFileReader.Format format;

    @Option(
            names = "--format",
            paramLabel = "csv|jsonl|json",
            description = "format of --from-file (default: from the extension)")
    void format(String text) {
        try {
            format = TicketFileReader.Format.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Flags.invalid(spec, "--format", text, "csv, jsonl or json");
        }
    }

    @Option(
            names = "--map",
            paramLabel = "FIELD=COLUMN,...",
            description = "which column holds each ticket field, e.g. ticket_id=\"Ticket ID\","
                    + "client_id=\"Customer Email\"")
    private String map;

    @Option(
            names = "--order-by",
            paramLabel = "created_at",
            description = "publish --from-file in event-time order (the file is read whole)")
    void orderBy(String text) {
        if (!text.trim().equals("created_at")) {
            throw Flags.invalid(spec, "--order-by", text, "created_at");
        }
    }

    private double speed;

    @Option(
            names = "--speed",
            paramLabel = "X",
            description = "pace --from-file by event time: X seconds of history per second (implies "
                    + "--order-by created_at; gaps above 30 s are shortened)")
    void speed(String text) {
        speed = Flags.number(spec, "--speed", text, 0.000_001, 1e12);
    }

    @Mixin
    private PublishFlags publish;

    @Mixin
    private ConfigFlags configFlags;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Flags.exclusive(spec, "--count", "--continuous");
        Flags.exclusive(spec, "--from-file", "--count");
        Flags.exclusive(spec, "--from-file", "--continuous");
        Flags.exclusive(spec, "--from-file", "--seed");
        Context context = tool.context();
        PipelineConfig config = configFlags.load(context.env());
        String topic = config.topics().tickets();
        Rejects rejects = new Rejects(context.console());

        if (fromFile != null) {
            // a file's tickets keep their own created_at: these were ignored without a word
            for (String generatorOnly : GENERATOR_ONLY) {
                if (Flags.given(spec, generatorOnly)) {
                    throw Flags.usage(
                            spec,
                            generatorOnly + " only applies to generated tickets, not to --from-file"
                                    + " (a file's tickets keep their created_at; --speed or --rate paces a replay)");
                }
            }
            return replay(context, config, Flags.existingFile(spec, "--from-file", fromFile), topic, rejects);
        }
        for (String fileOnly : FILE_ONLY) {
            if (Flags.given(spec, fileOnly)) {
                throw Flags.usage(spec, fileOnly + " only applies to --from-file");
            }
        }

        double ticketsPerSecond = continuous && !Flags.given(spec, "--rate") ? DEFAULT_CONTINUOUS_RATE : rate;
        long total = continuous ? Long.MAX_VALUE : count;
        long generatorSeed = seed != null ? seed : System.nanoTime() ^ System.currentTimeMillis() * 31;
        Optional<Instant> explicitStart = Optional.ofNullable(startTime);
        if (startTime != null) {
            Optional<String> implausible = implausibleStart(
                    startTime,
                    config.limits(),
                    System.currentTimeMillis(),
                    count,
                    ticketsPerSecond,
                    spacingMs,
                    continuous);
            if (implausible.isPresent()) {
                throw Flags.usage(spec, implausible.get());
            }
            if (continuous && ticketsPerSecond == 0) {
                throw Flags.usage(
                        spec,
                        "--continuous --rate 0 from a --start-time runs ahead of the clock: unpaced, each ticket is"
                                + " --spacing-ms later than the one before, and created_at soon passes "
                                + PipelineConfig.Limits.EVENT_TIME_AHEAD + ", where the job refuses it; give a --rate,"
                                + " or leave --start-time out for the real time");
            }
        } else if (!continuous && ticketsPerSecond == 0 && count > 0) {
            // without a start the tickets end about now: enough of them, spaced enough, began before the floor
            Instant start =
                    baseTime(Optional.empty(), 0, false, count, spacingMs).apply(0);
            if (start.isBefore(earliestStart(config.limits()))) {
                throw Flags.usage(
                        spec,
                        Format.count(count) + " tickets " + spacingMs + " ms apart would start at " + start
                                + ", before the event times the job accepts (" + PipelineConfig.Limits.EVENT_TIME_MIN
                                + "): lower --count or --spacing-ms");
            }
        }
        LongFunction<Instant> baseTime = baseTime(explicitStart, ticketsPerSecond, continuous, total, spacingMs);

        TicketGenerator generator = new TicketGenerator(generatorSeed, baseTime);
        // publish once only when the run is reproducible: counted tickets with an explicit seed
        String datasetId =
                continuous || seed == null ? null : datasetId(total, generatorSeed, explicitStart, spacingMs, rate);
        String description = (continuous ? "continuous tickets" : Format.count(total) + " generated tickets")
                + " (seed " + generatorSeed + (ticketsPerSecond > 0 ? ", " + ticketsPerSecond + "/s" : "") + ")";
        PublishOptions options = publish.options(ticketsPerSecond);
        try (RecordSource source = generated(generator, total)) {
            return new PublishRun(context, config, options, publish.force())
                    .execute(
                            topic,
                            new PublishRun.Dataset(datasetId, description),
                            source,
                            rejects,
                            total, // Long.MAX_VALUE when continuous: the progress shows no share done and no ETA
                            continuous);
        }
    }

    /**
     * The id of counted tickets with a seed: everything that sets their content, and their creation times
     * when those are reproducible (an explicit start, then spaced by the rate or the spacing, see
     * {@link #baseTime}). Without a start the times follow the clock, and only the content is the
     * dataset. The rate joined the id with an explicit start only when it was found to change the data
     * unseen; ids without a rate are unchanged, so earlier publishes are still recognised.
     */
    static String datasetId(long count, long seed, Optional<Instant> explicitStart, long spacingMs, double rate) {
        List<String> parts = new ArrayList<>(List.of(
                TicketGenerator.VERSION,
                Long.toString(count),
                Long.toString(seed),
                explicitStart.map(Instant::toString).orElse(""),
                Long.toString(spacingMs)));
        if (explicitStart.isPresent() && rate > 0) {
            parts.add("rate=" + rate);
        }
        return Fingerprint.of(parts.toArray(String[]::new));
    }

    /** The earliest creation time of a first ticket the job takes, jitter included. */
    static Instant earliestStart(PipelineConfig.Limits limits) {
        return Instant.ofEpochMilli(limits.minEventTimeMillis() + TicketGenerator.MAX_JITTER_MS);
    }

    /**
     * Why the job would refuse the created_at of some of the tickets from an explicit {@code start} (see
     * {@link PlausibleStart}), or empty when it takes them all. Unpaced, the tickets span their count times
     * the spacing at once, so the last one must be within the bound ahead of now already; paced by a rate
     * (continuous tickets always are), each leaves about when the time from the first to it has passed, so
     * they keep their distance to the clock and the first decides. Either way a ticket may be jittered by up
     * to {@link TicketGenerator#MAX_JITTER_MS}.
     */
    static Optional<String> implausibleStart(
            Instant start,
            PipelineConfig.Limits limits,
            long nowMillis,
            long count,
            double rate,
            long spacingMs,
            boolean continuous) {
        long jitterMs = TicketGenerator.MAX_JITTER_MS;
        boolean paced = rate > 0 || continuous;
        long spanMs = paced || count == 0 ? 0 : (count - 1) * spacingMs; // at most 10^9 times a day: no overflow
        Instant earliest = earliestStart(limits);
        Instant latest = Instant.ofEpochMilli(limits.maxEventTimeMillis(nowMillis) - spanMs - jitterMs)
                .truncatedTo(ChronoUnit.SECONDS);
        String tickets = !paced
                ? Format.count(count) + " tickets " + spacingMs + " ms apart"
                : rate > 0 ? "tickets paced at " + rate + "/s" : "continuous tickets";
        return PlausibleStart.problem(
                start, earliest, latest, tickets + " (up to " + jitterMs / 1000 + " s of jitter)");
    }

    /**
     * The creation time of ticket n before jitter: from --start-time, n spaced by the rate (or spacing);
     * paced or continuous without a start, the real time; otherwise spaced so the last one is about now.
     */
    static LongFunction<Instant> baseTime(
            Optional<Instant> explicitStart, double rate, boolean continuous, long count, long spacingMs) {
        double stepMs = rate > 0 ? 1000.0 / rate : spacingMs;
        if (explicitStart.isPresent()) {
            Instant start = explicitStart.get();
            return n -> start.plusMillis(Math.round(n * stepMs));
        }
        if (rate > 0 || continuous) {
            return n -> Instant.now().truncatedTo(ChronoUnit.MILLIS);
        }
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusMillis(Math.round(count * stepMs));
        return n -> start.plusMillis(Math.round(n * stepMs));
    }

    private int replay(Context context, PipelineConfig config, Path file, String topic, Rejects rejects)
            throws IOException, InterruptedException {
        Map<String, String> mapping;
        try {
            mapping = map != null ? TicketFileReader.parseMapping(map) : Map.of();
        } catch (BadInputException e) {
            throw Flags.usage(spec, "--map: " + e.getMessage());
        }
        // before the file is read through, which can take minutes
        Flags.exclusive(spec, "--speed", "--rate");
        TicketFileReader.Format fileFormat;
        TicketFileReader reader;
        FileContent content = FileContent.of(file);
        try {
            fileFormat = format != null ? format : TicketFileReader.formatOf(file);
            WholeFileCheck.readThrough(
                    TicketFileReader.open(content, fileFormat, mapping, config.limits()), context.stop());
            reader = TicketFileReader.open(content, fileFormat, mapping, config.limits());
        } catch (BadInputException e) {
            throw Flags.usage(spec, "--from-file: " + file + ": " + e.getMessage());
        }
        boolean ordered = Flags.given(spec, "--speed") || Flags.given(spec, "--order-by");
        // the order is part of what a dataset is: a resumed replay must yield the same records in the same order
        String datasetId = ordered
                ? Fingerprint.of(
                        "tickets-file-v1",
                        content.sha256(),
                        fileFormat.name(),
                        new TreeMap<>(mapping).toString(),
                        "order-by=created_at")
                : Fingerprint.of(
                        "tickets-file-v1", content.sha256(), fileFormat.name(), new TreeMap<>(mapping).toString());
        String description = "tickets of " + file.getFileName() + (ordered ? " in created_at order" : "")
                + (speed > 0 ? ", " + speed + "x" : "");
        try (RecordSource source = ordered
                ? EventTimeReplay.of(reader, rejects, checkedRecord(config.limits()), speed, context.stop())
                : RecordSources.rows(reader, rejects, checkedRecord(config.limits()))) {
            return new PublishRun(context, config, publish.options(rate), publish.force())
                    .execute(topic, new PublishRun.Dataset(datasetId, description, file), source, rejects, 0, false);
        }
    }

    /** A ticket of a file as a record, checked as the job reads it (its texts normalised, as published). */
    public static RowToRecord<Ticket> checkedRecord(PipelineConfig.Limits limits) {
        return ticket -> {
            OutgoingRecord record = record(ticket);
            Tickets.parse(record.value(), limits, System.currentTimeMillis());
            return record;
        };
    }

    public static OutgoingRecord record(Ticket ticket) {
        return new OutgoingRecord(ticket.ticketId(), Json.write(ticket));
    }

    public static RecordSource generated(TicketGenerator generator, long count) {
        return RecordSources.generated(count, () -> record(generator.next()));
    }
}
