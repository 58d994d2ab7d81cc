package io.streamlab.pipeline.producer.tickets;

import io.streamlab.pipeline.cli.Args;
import io.streamlab.pipeline.cli.UsageException;
import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.producer.Command;
import io.streamlab.pipeline.producer.Context;
import io.streamlab.pipeline.producer.Format;
import io.streamlab.pipeline.producer.ProducerTool;
import io.streamlab.pipeline.producer.publish.BadInputException;
import io.streamlab.pipeline.producer.publish.Fingerprint;
import io.streamlab.pipeline.producer.publish.OutgoingRecord;
import io.streamlab.pipeline.producer.publish.PublishOptions;
import io.streamlab.pipeline.producer.publish.PublishRun;
import io.streamlab.pipeline.producer.publish.RecordSource;
import io.streamlab.pipeline.producer.publish.RecordSources;
import io.streamlab.pipeline.producer.publish.Rejects;
import io.streamlab.pipeline.records.Json;
import io.streamlab.pipeline.records.Ticket;
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
import java.util.function.LongFunction;

/** {@code producer-tool tickets}: publishes generated tickets, or replays them from a file. */
public final class TicketsCommand implements Command {
    static final long DEFAULT_COUNT = 100;
    static final long DEFAULT_SPACING_MS = 200;
    static final double DEFAULT_CONTINUOUS_RATE = 10;

    private static final Args.Spec SPEC = new Args.Spec(
            ProducerTool.NAME,
            "tickets",
            "Publishes generated support tickets, or replays them from a file.\n"
                    + "Topic: topic.tickets; key ticket_id, value the ticket JSON. --count N generated tickets (default 100), --continuous until stopped, or --from-file\n"
                    + "to replay a CSV / JSON lines file. Counted tickets with an explicit --seed and file replays\n"
                    + "are published once per topic (see --force).",
            options(),
            true);

    private static List<Args.Option> options() {
        List<Args.Option> o = new ArrayList<>(List.of(
                Args.value("count", "N", "number of generated tickets (default 100)"),
                Args.flag("continuous", "generate tickets until Ctrl+C / SIGTERM (at --rate, default 10 per second)"),
                Args.value("rate", "R", "tickets per second (default 0: as fast as possible)"),
                Args.value("seed", "S", "seed of the generated tickets (default: a new one each run)"),
                Args.value(
                        "start-time",
                        "TIME",
                        "created_at of the first ticket: ISO-8601 or epoch seconds (default: "
                                + "so that the last ticket is about now; with --rate or --continuous, the real time)"),
                Args.value(
                        "spacing-ms", "MS", "created_at step between tickets when not paced by --rate (default 200)"),
                Args.value("from-file", "PATH", "replay tickets from a CSV (with a header) or JSON lines file"),
                Args.value("format", "csv|jsonl|json", "format of --from-file (default: from the extension)"),
                Args.value(
                        "map",
                        "FIELD=COLUMN,...",
                        "which column holds each ticket field, e.g. ticket_id=\"Ticket ID\","
                                + "client_id=\"Customer Email\""),
                Args.value(
                        "order-by", "created_at", "publish --from-file in event-time order (the file is read whole)"),
                Args.value(
                        "speed",
                        "X",
                        "pace --from-file by event time: X seconds of history per second (implies "
                                + "--order-by created_at; gaps above 30 s are shortened)")));
        o.addAll(PublishOptions.flags());
        return o;
    }

    @Override
    public Args.Spec spec() {
        return SPEC;
    }

    @Override
    public int run(Args args, Context context) throws IOException {
        args.exclusive("count", "continuous");
        args.exclusive("from-file", "count");
        args.exclusive("from-file", "continuous");
        args.exclusive("from-file", "seed");
        PipelineConfig config = context.config(args);
        double rate = args.doubleValue("rate", 0, 0, 10_000_000);
        String topic = config.topics().tickets();
        Rejects rejects = new Rejects(context.console());

        Optional<Path> file = args.existingFile("from-file");
        if (file.isPresent()) {
            return replay(args, context, config, file.get(), rate, topic, rejects);
        }
        for (String fileOnly : List.of("format", "map", "order-by", "speed")) {
            if (args.has(fileOnly)) {
                throw new UsageException("--" + fileOnly + " only applies to --from-file");
            }
        }

        boolean continuous = args.has("continuous");
        if (continuous && !args.has("rate")) {
            rate = DEFAULT_CONTINUOUS_RATE;
        }
        long count = continuous ? Long.MAX_VALUE : args.longValue("count", DEFAULT_COUNT, 0, 1_000_000_000L);
        Optional<String> explicitSeed = args.string("seed");
        long seed = args.longValue(
                "seed", System.nanoTime() ^ System.currentTimeMillis() * 31, Long.MIN_VALUE, Long.MAX_VALUE);
        long spacingMs = args.longValue("spacing-ms", DEFAULT_SPACING_MS, 0, 86_400_000L);
        Optional<Instant> explicitStart = args.instant("start-time");
        LongFunction<Instant> baseTime = baseTime(explicitStart, rate, continuous, count, spacingMs);

        TicketGenerator generator = new TicketGenerator(seed, baseTime);
        // publish once only when the run is reproducible: counted tickets with an explicit seed
        String datasetId = continuous || explicitSeed.isEmpty()
                ? null
                : Fingerprint.of(
                        TicketGenerator.VERSION,
                        Long.toString(count),
                        Long.toString(seed),
                        explicitStart.map(Instant::toString).orElse(""),
                        Long.toString(spacingMs));
        String description = (continuous ? "continuous tickets" : Format.count(count) + " generated tickets")
                + " (seed " + seed + (rate > 0 ? ", " + rate + "/s" : "") + ")";
        PublishOptions options = PublishOptions.from(args, rate);
        try (RecordSource source = generated(generator, count)) {
            return new PublishRun(context, config, options, args.has("force"))
                    .execute(
                            topic,
                            new PublishRun.Dataset(datasetId, description),
                            source,
                            rejects,
                            continuous ? 0 : count,
                            continuous);
        }
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

    private int replay(
            Args args, Context context, PipelineConfig config, Path file, double rate, String topic, Rejects rejects)
            throws IOException {
        TicketFileReader.Format format;
        Map<String, String> mapping;
        try {
            mapping = args.has("map")
                    ? TicketFileReader.parseMapping(args.string("map").get())
                    : Map.of();
        } catch (BadInputException e) {
            throw new UsageException("--map: " + e.getMessage());
        }
        TicketFileReader reader;
        try {
            format = args.has("format") ? parseFormat(args.string("format").get()) : TicketFileReader.formatOf(file);
            reader = TicketFileReader.open(file, format, mapping, config.limits());
        } catch (BadInputException e) {
            throw new UsageException("--from-file: " + file + ": " + e.getMessage());
        }
        args.exclusive("speed", "rate");
        double speed = args.doubleValue("speed", 0, 0.000_001, 1e12);
        boolean ordered = args.has("speed") || args.has("order-by");
        if (args.has("order-by") && !args.string("order-by").get().trim().equals("created_at")) {
            throw Args.invalid("order-by", args.string("order-by").get(), "created_at");
        }
        // the order is part of what a dataset is: a resumed replay must yield the same records in the same order
        String datasetId = ordered
                ? Fingerprint.of(
                        "tickets-file-v1",
                        Fingerprint.ofFile(file),
                        format.name(),
                        new TreeMap<>(mapping).toString(),
                        "order-by=created_at")
                : Fingerprint.of(
                        "tickets-file-v1", Fingerprint.ofFile(file), format.name(), new TreeMap<>(mapping).toString());
        String description = "tickets of " + file.getFileName() + (ordered ? " in created_at order" : "")
                + (speed > 0 ? ", " + speed + "x" : "");
        try (RecordSource source = ordered
                ? EventTimeReplay.of(reader, rejects, speed, context.stop())
                : RecordSources.rows(reader, rejects, TicketsCommand::record)) {
            return new PublishRun(context, config, PublishOptions.from(args, rate), args.has("force"))
                    .execute(topic, new PublishRun.Dataset(datasetId, description), source, rejects, 0, false);
        }
    }

    private static TicketFileReader.Format parseFormat(String text) {
        try {
            return TicketFileReader.Format.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Args.invalid("format", text, "csv, jsonl or json");
        }
    }

    public static OutgoingRecord record(Ticket ticket) {
        return new OutgoingRecord(ticket.ticketId(), Json.write(ticket));
    }

    public static RecordSource generated(TicketGenerator generator, long count) {
        return RecordSources.generated(count, () -> record(generator.next()));
    }
}
