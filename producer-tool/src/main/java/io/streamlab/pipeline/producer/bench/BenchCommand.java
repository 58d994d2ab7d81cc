package io.streamlab.pipeline.producer.bench;

import io.streamlab.pipeline.cli.ConfigFlags;
import io.streamlab.pipeline.cli.Flags;
import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.config.TopicSettings;
import io.streamlab.pipeline.producer.Console;
import io.streamlab.pipeline.producer.Context;
import io.streamlab.pipeline.producer.Format;
import io.streamlab.pipeline.producer.KafkaClients;
import io.streamlab.pipeline.producer.ProducerTool;
import io.streamlab.pipeline.producer.ToolFailure;
import io.streamlab.pipeline.producer.publish.PublishOptions;
import io.streamlab.pipeline.producer.publish.PublishResult;
import io.streamlab.pipeline.producer.publish.PublishRun;
import io.streamlab.pipeline.producer.publish.Publisher;
import io.streamlab.pipeline.producer.publish.RecordSource;
import io.streamlab.pipeline.producer.publish.Rejects;
import io.streamlab.pipeline.producer.tickets.TicketGenerator;
import io.streamlab.pipeline.producer.tickets.TicketsCommand;
import io.streamlab.pipeline.producer.topics.TopicAdmin;
import io.streamlab.pipeline.producer.tracks.SyntheticTracks;
import io.streamlab.pipeline.producer.tracks.TrackSources;
import io.streamlab.pipeline.producer.tracks.TracksCommand;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code producer-tool bench}: publishes 114,000 synthetic tracks and 100,000 tickets as fast as
 * possible to fresh topics (bench-tracks-TIMESTAMP, bench-tickets-TIMESTAMP; deleted afterwards unless
 * --keep-topics) and prints the records/s of each, plus the rate of generating and writing the JSON
 * alone, which tells whether Kafka or the tool is the limit.
 */
@Command(
        name = "bench",
        description = {
            "Measures publishing throughput (records/s).",
            "Publishes 114000 synthetic tracks and 100000 tickets as fast as possible to fresh topics (deleted "
                    + "afterwards unless --keep-topics). Prints records/s of each."
        })
public final class BenchCommand implements Callable<Integer> {
    @ParentCommand
    private ProducerTool tool;

    @Spec
    private CommandSpec spec;

    private long tracks = 114_000;
    private long tickets = 100_000;
    private int batchSize = PublishOptions.DEFAULTS.batchSize();

    @Option(names = "--tracks", paramLabel = "N", description = "tracks to publish (default 114000)")
    void tracks(String text) {
        tracks = Flags.wholeNumber(spec, "--tracks", text, 0, 100_000_000L);
    }

    @Option(names = "--tickets", paramLabel = "N", description = "tickets to publish (default 100000)")
    void tickets(String text) {
        tickets = Flags.wholeNumber(spec, "--tickets", text, 0, 100_000_000L);
    }

    @Option(
            names = "--tracks-topic",
            paramLabel = "NAME",
            description = "topic for the tracks (default bench-tracks-TIMESTAMP)")
    private String tracksTopic;

    @Option(
            names = "--tickets-topic",
            paramLabel = "NAME",
            description = "topic for the tickets (default bench-tickets-TIMESTAMP)")
    private String ticketsTopic;

    @Option(names = "--batch-size", paramLabel = "N", description = "records per flush (default 1000)")
    void batchSize(String text) {
        batchSize = Flags.wholeNumber(spec, "--batch-size", text, 1, 1_000_000);
    }

    @Option(names = "--keep-topics", description = "keep the bench topics")
    private boolean keepTopics;

    @Mixin
    private ConfigFlags configFlags;

    @Override
    public Integer call() throws IOException {
        Context context = tool.context();
        PipelineConfig config = configFlags.load(context.env());
        Console console = context.console();
        long stamp = Instant.now().getEpochSecond();
        String tracksTopic = this.tracksTopic != null ? this.tracksTopic : "bench-tracks-" + stamp;
        String ticketsTopic = this.ticketsTopic != null ? this.ticketsTopic : "bench-tickets-" + stamp;
        PublishOptions options = new PublishOptions(
                batchSize,
                0,
                PublishOptions.DEFAULTS.retries(),
                PublishOptions.DEFAULTS.progressInterval(),
                0,
                PublishOptions.DEFAULTS.commitInterval());
        Instant start = TracksCommand.defaultStart();
        Supplier<RecordSource> trackSource = () -> TrackSources.synthetic(new SyntheticTracks(42, start, 100), tracks);
        Supplier<RecordSource> ticketSource =
                () -> TicketsCommand.generated(new TicketGenerator(7, n -> start.plusMillis(n * 200)), tickets);

        console.info("Generating and writing JSON only (no Kafka): tracks " + rate(trackSource, tracks) + ", tickets "
                + rate(ticketSource, tickets));

        KafkaClients.awaitReachable(config.kafka(), context.stop());
        try (Admin admin = KafkaClients.admin(config.kafka())) {
            TopicAdmin topics = new TopicAdmin(admin);
            List<String> created = new ArrayList<>();
            try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(config)) {
                Publisher publisher = new Publisher(producer, options, console, context.stop());
                List<PublishResult> results = new ArrayList<>();
                for (Leg leg : List.of(
                        new Leg("tracks", tracksTopic, trackSource, tracks),
                        new Leg("tickets", ticketsTopic, ticketSource, tickets))) {
                    if (topics.ensure(
                                    leg.topic(),
                                    config.topics().partitions(),
                                    config.topics().replicationFactor(),
                                    TopicSettings.forCreation(config))
                            .created()) {
                        created.add(leg.topic());
                    }
                    PublishResult result;
                    try (RecordSource source = leg.source().get()) {
                        result = publisher.publish(leg.topic(), source, Rejects.silent(), null, leg.count());
                    }
                    console.info(String.format(
                            "%-8s %s records in %s: %s",
                            leg.label(),
                            Format.count(result.published()),
                            Format.seconds(result.duration()),
                            Format.rate(result.published(), result.duration())));
                    results.add(result);
                    if (result.failure() != null) {
                        throw new ToolFailure(result.failure());
                    }
                    if (result.interrupted()) {
                        return PublishRun.EXIT_INTERRUPTED;
                    }
                }
                long total =
                        results.stream().mapToLong(PublishResult::published).sum();
                Duration duration =
                        results.stream().map(PublishResult::duration).reduce(Duration.ZERO, Duration::plus);
                console.info(String.format(
                        "total    %s records in %s: %s (partitions %d, batch-size %d, %s)",
                        Format.count(total),
                        Format.seconds(duration),
                        Format.rate(total, duration),
                        config.topics().partitions(),
                        options.batchSize(),
                        config.kafka().bootstrapServers()));
            } finally {
                if (!keepTopics) {
                    created.forEach(topics::delete);
                }
            }
        }
        return ProducerTool.EXIT_OK;
    }

    /** One measured run: what is published where. */
    private record Leg(String label, String topic, Supplier<RecordSource> source, long count) {}

    /** Records/s of generating and serialising alone. */
    private static String rate(Supplier<RecordSource> sources, long count) throws IOException {
        long startNanos = System.nanoTime();
        long n = 0;
        try (RecordSource source = sources.get()) {
            while (source.next() != null) {
                n++;
            }
        }
        return Format.rate(n, Duration.ofNanos(System.nanoTime() - startNanos));
    }
}
