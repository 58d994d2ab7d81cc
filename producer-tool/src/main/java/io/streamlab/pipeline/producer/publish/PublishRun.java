package io.streamlab.pipeline.producer.publish;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.config.TopicSettings;
import io.streamlab.pipeline.producer.Console;
import io.streamlab.pipeline.producer.Context;
import io.streamlab.pipeline.producer.Format;
import io.streamlab.pipeline.producer.KafkaClients;
import io.streamlab.pipeline.producer.ProducerTool;
import io.streamlab.pipeline.producer.ToolFailure;
import io.streamlab.pipeline.producer.topics.TopicAdmin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

/**
 * One publishing command from start to end, shared by {@code tracks} and {@code tickets}: wait for
 * Kafka, skip a dataset the topic already holds or resume one it holds a part of (see
 * {@link DatasetRegistry}), create the topic if it is missing, publish (in transactions for a dataset with
 * an id), print the summary, and choose the exit code.
 */
public final class PublishRun {
    /** Exit code of a run stopped by Ctrl+C or SIGTERM before its input was all sent. */
    public static final int EXIT_INTERRUPTED = 130;

    /** What is published: {@code id} null means no publish-once (new data every run). */
    /** {@code file}: the absolute path of the file read, or null for generated data. */
    public record Dataset(String id, String description, Path file) {
        public Dataset(String id, String description) {
            this(id, description, null);
        }

        String filePath() {
            return file == null ? "" : file.toAbsolutePath().normalize().toString();
        }
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
    public int execute(
            String topic,
            Dataset dataset,
            RecordSource source,
            Rejects rejects,
            long expectedTotal,
            boolean stopIsNormalEnd) {
        KafkaClients.awaitReachable(config.kafka(), context.stop());
        try (Admin admin = KafkaClients.admin(config.kafka())) {
            if (dataset.id() == null) {
                return executePlain(admin, topic, dataset, source, rejects, expectedTotal, stopIsNormalEnd);
            }
            return executeOnce(admin, topic, dataset, source, rejects, expectedTotal);
        }
    }

    /** New data every run: the idempotent producer, no marker. */
    private int executePlain(
            Admin admin,
            String topic,
            Dataset dataset,
            RecordSource source,
            Rejects rejects,
            long expectedTotal,
            boolean stopIsNormalEnd) {
        Console console = context.console();
        ensureTopic(admin, topic);
        console.info("Publishing " + dataset.description() + " to " + topic + " at "
                + config.kafka().bootstrapServers());
        KafkaProducer<String, byte[]> producer = KafkaClients.producer(config);
        try {
            PublishResult result = new Publisher(producer, options, console, context.stop())
                    .publish(topic, source, rejects, null, expectedTotal);
            console.info(result.summary());
            if (result.failure() != null) {
                throw new ToolFailure(result.failure());
            }
            if (result.interrupted() && !stopIsNormalEnd) {
                console.info("Stopped before the end of the input.");
                return EXIT_INTERRUPTED;
            }
            return 0;
        } finally {
            producer.close(Duration.ofSeconds(10));
        }
    }

    /**
     * A dataset with an id: in transactions with its progress marker (see {@link DatasetRegistry}); skipped
     * when the topic holds it, resumed when it holds a part of it.
     */
    private int executeOnce(
            Admin admin, String topic, Dataset dataset, RecordSource source, Rejects rejects, long expectedTotal) {
        Console console = context.console();
        DatasetRegistry registry = new DatasetRegistry(config, admin);
        String transactionalId = transactionalId(topic, dataset.id());
        try (TransactionalPublisher publisher = new TransactionalPublisher(
                () -> openProducer(transactionalId), registry, options, console, context.stop())) {
            // fences a killed run of this dataset and aborts its open transaction; retried like a failed chunk
            for (int attempt = 1; ; attempt++) {
                try {
                    publisher.open();
                    break;
                } catch (RuntimeException e) {
                    String cause = TransactionalPublisher.describe(e);
                    if (attempt > options.retries() || TransactionalPublisher.isFatal(e)) {
                        throw new ToolFailure("Cannot start publishing transactions (transactional.id "
                                + transactionalId + "): " + cause);
                    }
                    long backoff = TransactionalPublisher.backoffMs(attempt);
                    console.warn("Cannot start publishing transactions yet (" + cause + "); retry " + attempt + " of "
                            + options.retries() + " in " + backoff + " ms");
                    if (context.stop().sleep(Duration.ofMillis(backoff))) {
                        console.info("Stopped before publishing anything.");
                        return EXIT_INTERRUPTED;
                    }
                }
            }
            DatasetRegistry.Markers markers = registry.markersOf(topic);
            Optional<DatasetRegistry.Marker> onTopic = markerOnTopic(markers, topic, dataset);
            if (onTopic.isEmpty() && !force && dataset.file() != null) {
                Optional<String> changed = changedSincePartlyPublished(registry, markers, topic, dataset);
                if (changed.isPresent()) {
                    console.error(changed.get());
                    return ProducerTool.EXIT_USAGE;
                }
            }
            DatasetRegistry.Marker resumeFrom = null;
            // a dataset of no record never counts as published: earlier versions recorded one complete at 0
            // records, which says no more than no marker (and is not a run to resume)
            if (onTopic.isPresent() && !force && onTopic.get().records() > 0) {
                DatasetRegistry.Marker marker = onTopic.get();
                Optional<String> missing = registry.missing(marker);
                if (missing.isEmpty() && marker.complete() && marker.records() > 0) {
                    console.info(topic + " already holds this dataset (" + dataset.description() + ", dataset-id "
                            + shortId(dataset.id()) + "): " + Format.count(marker.records()) + " records published at "
                            + marker.writtenAt() + ". Nothing published; use --force to publish it again.");
                    return 0;
                }
                if (missing.isEmpty()) {
                    resumeFrom = marker;
                } else if (marker.complete()) {
                    console.info("This dataset was published to " + topic + " before, but " + missing.get()
                            + ": publishing it again.");
                } else {
                    console.info("This dataset was partly published to " + topic + " before ("
                            + Format.count(marker.records()) + " records), but " + missing.get()
                            + ": publishing it from its start.");
                }
            }
            ensureTopic(admin, topic);
            registry.ensureTopic();
            DatasetRegistry.Marker base = resumeFrom != null
                    ? resumeFrom
                    : registry.start(topic, dataset.id(), dataset.description(), dataset.filePath());
            console.info("Publishing " + dataset.description() + " to " + topic + " at "
                    + config.kafka().bootstrapServers() + " (dataset-id " + shortId(dataset.id()) + ")");
            if (resumeFrom != null) {
                console.info("Resuming dataset " + shortId(dataset.id()) + " at record "
                        + Format.count(resumeFrom.records())
                        + (expectedTotal > 0 ? " of " + Format.count(expectedTotal) : "")
                        + ": the records before it were committed by an earlier run (" + resumeFrom.writtenAt() + ")");
            }
            PublishResult result = publisher.publish(topic, source, rejects, base, onTopic.orElse(null), expectedTotal);
            console.info(result.summary());
            if (result.complete() && result.datasetRecords() == 0 && rejects.count() > 0) {
                console.error(topic + ": none of the " + Format.count(rejects.count()) + " rows of the input is valid"
                        + " (see the lines above), so nothing was published: is it the right file, and are its"
                        + " format and columns the ones given?");
                return ProducerTool.EXIT_USAGE;
            }
            if (result.complete() && result.datasetRecords() == 0) {
                // no marker was written (see TransactionalPublisher): a next run reads the input again
                if (source.hasPositions()) {
                    console.error(topic + ": the input holds no record (" + dataset.description() + "), so nothing"
                            + " was published and nothing was recorded: is it the right file?");
                    return ProducerTool.EXIT_USAGE;
                }
                console.info("No record to publish (" + dataset.description() + "): nothing was recorded.");
                return 0;
            }
            if (result.complete()) {
                console.info("Recorded dataset " + shortId(dataset.id()) + " as published on " + topic + " ("
                        + Format.count(result.datasetRecords()) + " records; a next run skips it unless --force)");
                return 0;
            }
            String resume = Format.count(result.datasetRecords()) + " records of the dataset are committed on " + topic
                    + "; a next run resumes at record " + Format.count(result.datasetRecords()) + ".";
            if (result.failure() != null) {
                console.info("Not complete: " + resume);
                throw new ToolFailure(result.failure());
            }
            console.info("Stopped before the end of the input: " + resume);
            return EXIT_INTERRUPTED;
        }
    }

    /**
     * The dataset's marker, if any. One that cannot be read stops the run: what the topic holds of the dataset
     * is unknown, and publishing it from its start could put it there twice. With --force, a new full copy is
     * what was asked for: its markers replace the unreadable one.
     */
    private Optional<DatasetRegistry.Marker> markerOnTopic(
            DatasetRegistry.Markers markers, String topic, Dataset dataset) {
        try {
            return markers.find(dataset.id());
        } catch (DatasetRegistry.UnreadableMarkerException e) {
            String unreadable = "progress marker of dataset " + shortId(dataset.id()) + " (" + dataset.description()
                    + ") on " + topic + " cannot be read (" + e.getMessage() + ")";
            if (!force) {
                throw new ToolFailure("The " + unreadable + ": how much of the dataset the topic holds is unknown,"
                        + " so nothing was published; --force publishes it again from its start.");
            }
            context.console().warn("the " + unreadable + "; --force publishes the dataset again from its start.");
            return Optional.empty();
        }
    }

    /**
     * A file's dataset is its content and how it is read: a file appended to, cut or edited after a run was
     * stopped, or read again with other flags, is another dataset, and was published from its first row
     * beside the rows the stopped run had committed. When the latest publish of the same file (the same
     * absolute path) stopped part of the way and the topic still holds as many records as it committed, the
     * run stops and says how to go on. A later publish of the file that completed (one given --force, say)
     * means the stopped one was given up.
     */
    private static Optional<String> changedSincePartlyPublished(
            DatasetRegistry registry, DatasetRegistry.Markers markers, String topic, Dataset dataset) {
        Optional<DatasetRegistry.Marker> latest = markers.latestOtherOf(dataset.filePath(), dataset.id());
        if (latest.isEmpty() || latest.get().complete() || latest.get().records() == 0) {
            return Optional.empty();
        }
        DatasetRegistry.Marker partly = latest.get();
        if (registry.missing(partly).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(topic + " holds " + Format.count(partly.records()) + " records of a run of "
                + partly.source() + " that stopped before its end (dataset-id " + shortId(partly.datasetId()) + ", "
                + partly.writtenAt() + "), and this run of " + dataset.file() + " is another dataset (dataset-id "
                + shortId(dataset.id()) + "): the file's content, or a flag that shapes the dataset, differs."
                + " Publishing it would send those records again. Nothing was published: put the file back as it was"
                + " to resume that run (with the same flags), or give --force to publish this file as a new dataset.");
    }

    private Producer<String, byte[]> openProducer(String transactionalId) {
        KafkaProducer<String, byte[]> producer = KafkaClients.transactionalProducer(config, transactionalId);
        try {
            producer.initTransactions();
            return producer;
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
    }

    private void ensureTopic(Admin admin, String topic) {
        TopicAdmin.Outcome outcome = new TopicAdmin(admin)
                .ensure(
                        topic,
                        config.topics().partitions(),
                        config.topics().replicationFactor(),
                        TopicSettings.forCreation(config));
        if (outcome.created()) {
            context.console().info("Created topic " + topic + " (" + outcome.partitions() + " partitions)");
        }
        TopicSettings.checkInputTopic(config, admin, topic).forEach(context.console()::warn);
    }

    /** Stable per topic and dataset, so a re-run fences the producer of a run that was killed. */
    public static String transactionalId(String topic, String datasetId) {
        return "producer-tool-" + topic + "-" + datasetId.substring(0, Math.min(16, datasetId.length()));
    }

    public static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
