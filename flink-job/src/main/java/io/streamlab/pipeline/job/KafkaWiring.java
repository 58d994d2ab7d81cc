package io.streamlab.pipeline.job;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.config.TopicSettings;
import io.streamlab.pipeline.datasets.Dataset;
import io.streamlab.pipeline.datasets.TeamStats;
import io.streamlab.pipeline.datasets.TracksSummary;
import io.streamlab.pipeline.datasets.TypeStats;
import io.streamlab.pipeline.datasets.WordCount;
import io.streamlab.pipeline.job.deadletters.DeadLetters;
import io.streamlab.pipeline.job.sinks.ParquetSinks;
import io.streamlab.pipeline.job.tickets.TicketAnalytics;
import io.streamlab.pipeline.job.tickets.TicketOrError;
import io.streamlab.pipeline.job.tracks.ArtistStats;
import io.streamlab.pipeline.job.tracks.GenreStats;
import io.streamlab.pipeline.job.tracks.TrackAnalytics;
import io.streamlab.pipeline.job.tracks.TrackOrError;
import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.EnrichedTicket;
import java.util.Properties;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.sink.AdminClosingKafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;
import org.apache.flink.connector.kafka.source.DeletedRecordsReportingKafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;

/** The production sources and sinks: Kafka in, Kafka and Parquet out, all from the configuration. */
public final class KafkaWiring {
    private KafkaWiring() {}

    public static PipelineJob.Sources sources(PipelineConfig config) {
        return new PipelineJob.Sources(
                source(config, config.topics().tracks(), TrackOrError.deserializer(config.limits())),
                source(config, config.topics().tickets(), TicketOrError.deserializer(config.limits())));
    }

    public static PipelineJob.Sinks sinks(PipelineConfig config) {
        String out = FlinkSettings.uri(config.outputDir());
        // A bounded run (BATCH) writes one file per sink subtask and day folder anyway, and Flink 2.2's
        // committer fails on compacted committables in BATCH ("Unknown checkpoint for CommittableWithLineage").
        PipelineConfig.Compaction compaction = config.job().bounded()
                ? new PipelineConfig.Compaction(0, config.compaction().thresholdBytes())
                : config.compaction();
        return new PipelineJob.Sinks(
                new TrackAnalytics.Sinks(
                        ParquetSinks.forDataset(out, Dataset.GENRE_STATS, GenreStats.class, compaction),
                        ParquetSinks.forDataset(out, Dataset.ARTIST_STATS, ArtistStats.class, compaction),
                        ParquetSinks.forDataset(out, Dataset.TRACKS_SUMMARY, TracksSummary.class, compaction)),
                new TicketAnalytics.Sinks(
                        ParquetSinks.forDataset(out, Dataset.TICKETS_ENRICHED, EnrichedTicket.class, compaction),
                        TicketAnalytics.teamSinks(
                                config.routing(),
                                (team, topic) -> exactlyOnceSink(
                                        config,
                                        "team-" + team,
                                        TicketAnalytics.teamSerializer(topic),
                                        config.limits().maxSinkRecordBytes())),
                        ParquetSinks.forDataset(out, Dataset.STATS_BY_TYPE, TypeStats.class, compaction),
                        ParquetSinks.forDataset(out, Dataset.STATS_BY_TEAM, TeamStats.class, compaction),
                        ParquetSinks.forDataset(out, Dataset.WORD_FREQUENCY, WordCount.class, compaction)),
                exactlyOnceSink(
                        config,
                        "dead-letters",
                        DeadLetters.kafkaSerializer(config.topics().deadLetters()),
                        TopicSettings.maxDeadLetterRecordBytes()),
                ParquetSinks.forDataset(out, Dataset.DEAD_LETTERS, DeadLetter.class, compaction));
    }

    /**
     * A source of {@code topic}. A position no longer in the log (deleted by the topic's retention while the
     * job was stopped or behind) becomes a {@code deleted-unread} dead letter where the connector skipped to
     * the oldest record kept without a word ({@link DeletedRecordsReportingKafkaSource}).
     */
    static <T> Source<T, ?, ?> source(PipelineConfig config, String topic, KafkaRecordDeserializationSchema<T> schema) {
        var builder = KafkaSource.<T>builder()
                .setBootstrapServers(config.kafka().bootstrapServers())
                .setTopics(topic)
                .setGroupId(config.job().groupId())
                .setStartingOffsets(DeletedRecordsReportingKafkaSource.withoutOffsetReset(
                        config.job().startFrom() == PipelineConfig.StartFrom.EARLIEST
                                ? OffsetsInitializer.earliest()
                                : OffsetsInitializer.latest()))
                .setDeserializer(schema)
                .setProperties(config.kafka().securityProperties())
                // the team topics and dead letters are transactional: never read aborted data
                .setProperty("isolation.level", "read_committed")
                .setProperty("client.id.prefix", config.job().name() + "-" + topic);
        if (config.job().bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        } else {
            builder.setProperty("partition.discovery.interval.ms", "60000");
        }
        return new DeletedRecordsReportingKafkaSource<>(builder.build(), schema);
    }

    /**
     * A transactional sink. The transactional id prefix is unique per job and per sink, and the
     * transaction timeout sits below the broker's maximum (checked at start-up).
     */
    public static <T> Sink<T> exactlyOnceSink(
            PipelineConfig config, String name, KafkaRecordSerializationSchema<T> serializer, int maxRecordBytes) {
        return AdminClosingKafkaSink.exactlyOnce(
                config.kafka().bootstrapServers(),
                exactlyOnceProducer(config, maxRecordBytes),
                transactionalIdPrefix(config, name),
                serializer,
                TransactionNamingStrategy.POOLING);
    }

    /**
     * {@code <job.name>-<sink>}; for a bounded run {@code <job.name>-backfill-<sink>}. On start, a sink
     * aborts every open transaction whose id starts with its prefix: a backfill started beside the live job
     * under the same {@code job.name} (as the README's backfill does) aborted the live job's open
     * transactions, whose commits then failed and dropped that checkpoint's team records. A rerun of a
     * failed backfill still aborts what the failed one left open. No prefix starts another: every one goes
     * on from {@code <job.name>-} with {@code backfill-}, {@code team-} or {@code dead-letters}.
     */
    static String transactionalIdPrefix(PipelineConfig config, String sink) {
        return config.job().name() + (config.job().bounded() ? "-backfill-" : "-") + sink;
    }

    /** The settings of a transactional sink's producers, which take any record up to {@code maxRecordBytes}. */
    public static Properties exactlyOnceProducer(PipelineConfig config, int maxRecordBytes) {
        Properties producer = config.kafka().securityProperties();
        producer.put(
                "transaction.timeout.ms",
                Long.toString(config.faultTolerance().transactionTimeout().toMillis()));
        // records of a transaction are only visible at the checkpoint anyway: batching them costs no
        // latency a reader can see, and is what makes transactional writes cheap (+33% job throughput)
        producer.put("linger.ms", "5");
        producer.put("batch.size", Integer.toString(256 * 1024));
        // what EnrichTickets checks outputs against: a larger record would fail the sink, and the job
        producer.put("max.request.size", Integer.toString(maxRecordBytes));
        // the producer also refuses a record larger than its buffer (32 MiB by default)
        producer.put("buffer.memory", Long.toString(Math.max(32L << 20, maxRecordBytes + (1L << 20))));
        return producer;
    }
}
