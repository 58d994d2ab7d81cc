package io.streamlab.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.job.testing.KafkaTopics;
import io.streamlab.pipeline.job.testing.ParquetDatasets;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.job.tracks.TestTracks;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import io.streamlab.pipeline.records.Json;
import io.streamlab.pipeline.records.Track;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job reads its inputs with {@code read_committed}: records of a producer transaction that was
 * aborted (a publish that failed or was killed) never reach a window or a dataset.
 */
class ReadCommittedITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @TempDir
    Path work;

    @Test
    void recordsOfAnAbortedProducerTransactionAreNeverCounted() throws Exception {
        PipelineConfig config = TestPipelines.config(KAFKA.bootstrapServers(), work, "--job.bounded", "true");
        KafkaTopics.createAll(KAFKA.broker(), config);
        List<Track> committed = TestTracks.generate(200, 1_700_000_000L, 300, 11);
        List<Track> aborted = TestTracks.generate(150, 1_700_000_000L, 300, 12);

        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "read-committed-itcase");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            send(producer, config.topics().tracks(), committed.subList(0, 100));
            producer.commitTransaction();
            producer.beginTransaction();
            send(producer, config.topics().tracks(), aborted);
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            send(producer, config.topics().tracks(), committed.subList(100, 200));
            producer.commitTransaction();
        }

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.toConfiguration(config));
        PipelineJob.prepare(env, config).execute("read-committed-itcase");

        Path output = Path.of(config.outputDir());
        assertThat(ParquetDatasets.read(output, "genre_stats").stream()
                        .mapToLong(r -> ParquetDatasets.lng(r, "track_count"))
                        .sum())
                .as("only the committed tracks")
                .isEqualTo(committed.size());
        assertThat(ParquetDatasets.read(output, "tracks_summary").stream()
                        .mapToLong(r -> ParquetDatasets.lng(r, "track_count"))
                        .sum())
                .isEqualTo(committed.size());
        assertThat(ParquetDatasets.read(output, "dead_letters")).isEmpty();
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, List<Track> tracks) {
        for (Track t : tracks) {
            producer.send(new ProducerRecord<>(topic, t.trackId().getBytes(StandardCharsets.UTF_8), Json.write(t)));
        }
    }
}
