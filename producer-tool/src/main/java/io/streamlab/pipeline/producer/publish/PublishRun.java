package io.streamlab.pipeline.producer.publish;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.producer.Console;
import io.streamlab.pipeline.producer.Context;
import io.streamlab.pipeline.producer.Format;
import io.streamlab.pipeline.producer.KafkaClients;
import io.streamlab.pipeline.producer.ToolFailure;
import io.streamlab.pipeline.producer.topics.TopicAdmin;
import io.streamlab.pipeline.producer.topics.TopicsCommand;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * One publishing command from start to end, shared by {@code tracks} and {@code tickets}: wait for
 * Kafka, skip a dataset the topic already holds (see {@link DatasetRegistry}), create the topic if it is
 * missing, publish, print the summary, record the dataset, and choose the exit code.
 */
public final class PublishRun {
    /** Exit code of a run stopped by Ctrl+C or SIGTERM before its input was all sent. */
    public static final int EXIT_INTERRUPTED = 130;

    /** What is published: {@code id} null means no publish-once (new data every run). */
    public record Dataset(String id, String description) {
    }

    private final Context context;
    private final PipelineConfig config;
    private final PublishOptions options;
    private final boolean force;

    public PublishRun(Context context, PipelineConfig config, PublishOptions options, boolean force) {
        this.context = context;
        this.config = config;
        this.options = options;
        this.force = force;
    }

    /**
     * @param stopIsNormalEnd true for an endless source (continuous tickets): a stop then ends the run
     *                        with exit code 0 when everything read was sent
     * @return the exit code: 0, 1 (failure, after the summary) or {@value #EXIT_INTERRUPTED}
     */
    public int execute(String topic, Dataset dataset, RecordSource source, Rejects rejects, long expectedTotal,
                       boolean stopIsNormalEnd) {
        Console console = context.console();
        KafkaClients.awaitReachable(config.kafka());
        try (Admin admin = KafkaClients.admin(config.kafka())) {
            DatasetRegistry registry = new DatasetRegistry(config, admin);
            if (dataset.id() != null && !force && alreadyHeld(registry, topic, dataset)) {
                return 0;
            }
            TopicAdmin.Outcome outcome = new TopicAdmin(admin).ensure(topic, config.topics().partitions(),
                    config.topics().replicationFactor(), TopicsCommand.topicConfigs(config));
            if (outcome.created()) {
                console.info("Created topic " + topic + " (" + outcome.partitions() + " partitions)");
            }
            console.info("Publishing " + dataset.description() + " to " + topic + " at " + config.kafka().bootstrapServers()
                    + (dataset.id() == null ? "" : " (dataset-id " + shortId(dataset.id()) + ")"));

            KafkaProducer<String, byte[]> producer = KafkaClients.producer(config.kafka());
            try {
                PublishResult result = new Publisher(producer, options, console, context.stop())
                        .publish(topic, source, rejects, dataset.id(), expectedTotal);
                console.info(result.summary());
                if (result.failure() != null) {
                    throw new ToolFailure(result.failure());
                }
                if (result.complete() && dataset.id() != null) {
                    registry.record(producer, topic, dataset.id(), result.published(), dataset.description());
                    console.info("Recorded dataset " + shortId(dataset.id()) + " as published on " + topic
                            + " (a next run skips it unless --force)");
                }
                if (result.interrupted() && !stopIsNormalEnd) {
                    console.info("Stopped before the end of the input: the dataset is not recorded as published.");
                    return EXIT_INTERRUPTED;
                }
                return 0;
            } finally {
                producer.close(Duration.ofSeconds(10));
            }
        }
    }

    private boolean alreadyHeld(DatasetRegistry registry, String topic, Dataset dataset) {
        Optional<DatasetRegistry.Marker> marker = registry.find(topic, dataset.id());
        if (marker.isEmpty()) {
            return false;
        }
        Optional<String> missing = registry.missing(marker.get());
        if (missing.isPresent()) {
            context.console().info("This dataset was published to " + topic + " before, but " + missing.get()
                    + ": publishing it again.");
            return false;
        }
        context.console().info(topic + " already holds this dataset (" + dataset.description() + ", dataset-id "
                + shortId(dataset.id()) + "): " + Format.count(marker.get().records()) + " records published at "
                + marker.get().completedAt() + ". Nothing published; use --force to publish it again.");
        return true;
    }

    public static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
