package io.streamlab.pipeline.job;

import io.streamlab.pipeline.config.ConfigException;
import io.streamlab.pipeline.config.KafkaReachability;
import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.config.RawConfig;
import io.streamlab.pipeline.config.TopicSettings;
import io.streamlab.pipeline.datasets.Dataset;
import io.streamlab.pipeline.job.deadletters.DeadLetters;
import io.streamlab.pipeline.job.tickets.TicketAnalytics;
import io.streamlab.pipeline.job.tickets.TicketOrError;
import io.streamlab.pipeline.job.tracks.TrackAnalytics;
import io.streamlab.pipeline.job.tracks.TrackOrError;
import io.streamlab.pipeline.records.DeadLetter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming job. {@link #build} wires the pipeline from its sources and sinks, so tests can pass
 * their own; {@link #main} wires Kafka and Parquet from the configuration, for {@code flink run}.
 */
public final class PipelineJob {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineJob.class);

    /** Where records come from. */
    public record Sources(Source<TrackOrError, ?, ?> tracks, Source<TicketOrError, ?, ?> tickets) {}

    /** Where everything goes: dead letters to both a topic and a dataset. */
    public record Sinks(
            TrackAnalytics.Sinks tracks,
            TicketAnalytics.Sinks tickets,
            Sink<DeadLetter> deadLetterTopic,
            Sink<DeadLetter> deadLetterFiles) {}

    private PipelineJob() {}

    public static void build(StreamExecutionEnvironment env, PipelineConfig config, Sources sources, Sinks sinks) {
        DataStream<DeadLetter> trackDeadLetters = TrackAnalytics.build(env, config, sources.tracks(), sinks.tracks());
        DataStream<DeadLetter> ticketDeadLetters =
                TicketAnalytics.build(env, config, sources.tickets(), sinks.tickets());
        DataStream<DeadLetter> deadLetters = trackDeadLetters
                .union(ticketDeadLetters)
                .map(new DeadLetters.CountByCategory())
                .name("Count dead letters by category")
                .uid("dead-letters-count");
        deadLetters
                .sinkTo(sinks.deadLetterTopic())
                .name("Dead letters to Kafka")
                .uid("sink-dead-letters-kafka");
        deadLetters
                .sinkTo(sinks.deadLetterFiles())
                .name(Dataset.DEAD_LETTERS.folder())
                .uid("sink-dead-letters-parquet");
    }

    /** Builds the job from the configuration with the Kafka sources and the production sinks. */
    public static StreamExecutionEnvironment prepare(StreamExecutionEnvironment env, PipelineConfig config) {
        build(env, config, KafkaWiring.sources(config), KafkaWiring.sinks(config));
        return env;
    }

    /**
     * Validates the configuration and the broker before anything is submitted, so a typo fails in a
     * second with a message naming the key instead of as a restarting job.
     */
    public static PipelineConfig startupConfig(String[] args) {
        PipelineConfig config = PipelineConfig.load(args);
        FlinkSettings.checkFlinkOverrides(config);
        int brokers;
        try (Admin admin = KafkaReachability.admin(config.kafka(), KafkaReachability.adminProperties(config.kafka()))) {
            brokers = KafkaReachability.await(config.kafka(), admin);
            TopicSettings.checkOutputTopics(config, admin).forEach(LOG::warn);
        }
        LOG.info(
                "Kafka at {} answers ({} broker(s)); output to {}",
                config.kafka().bootstrapServers(),
                brokers,
                FlinkSettings.uri(config.outputDir()));
        return config;
    }

    /**
     * Entry point of {@code flink run} and of REST submissions. A configuration error is reported and
     * thrown, never {@code System.exit}: submitted through the REST API, {@code main()} runs inside the
     * JobManager, and exiting would take the JobManager down with it.
     */
    public static void main(String[] args) throws Exception {
        PipelineConfig config;
        try {
            config = startupConfig(args);
        } catch (ConfigException e) {
            System.err.println("flink-job: " + e.getMessage());
            throw new IllegalArgumentException(e.getMessage());
        }
        LOG.info("Starting {} with arguments {}", config.job().name(), RawConfig.maskedArgs(args));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.toConfiguration(config));
        prepare(env, config).execute(config.job().name());
    }
}
