package io.streamlab.pipeline.job;

import static io.streamlab.pipeline.job.testing.ParquetDatasets.lng;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.datasets.Dataset;
import io.streamlab.pipeline.job.testing.KafkaTopics;
import io.streamlab.pipeline.job.testing.ParquetDatasets;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.job.tracks.TestTracks;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import io.streamlab.pipeline.records.Json;
import io.streamlab.pipeline.records.Ticket;
import io.streamlab.pipeline.records.Track;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job in bounded mode (what {@code run-local.sh --bounded} runs): it reads what both topics
 * hold, and when {@code execute()} returns every dataset is committed: no part file is left in progress.
 */
class PipelineITCase {
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
    void aBoundedRunCommitsEveryDatasetAndExits() throws Exception {
        // compaction configured as the compose stack does: a bounded (BATCH) run must turn it off
        PipelineConfig config = TestPipelines.config(
                KAFKA.bootstrapServers(), work, "--job.bounded", "true", "--sink.compaction.checkpoints", "30");
        assertTrue(config.compaction().enabled(), "compaction configured");
        KafkaTopics.createAll(KAFKA.broker(), config);

        List<Track> tracks = TestTracks.generate(400, 1_700_000_000L, 250, 3);
        KafkaTopics.publish(
                KAFKA.bootstrapServers(),
                config.topics().tracks(),
                tracks.stream().map(t -> Map.entry(t.trackId(), Json.write(t))).toList());
        List<Map.Entry<String, byte[]>> tickets = new ArrayList<>();
        String[] types = {"incident", "question", "feature_request", "billing"};
        String[] priorities = {"low", "medium", "high", "critical"};
        for (int i = 0; i < 120; i++) {
            Ticket t = new Ticket(
                    "TCK-" + i,
                    "CLI-" + (i % 17),
                    Instant.ofEpochSecond(1_700_000_000L + i).toString(),
                    types[i % 4],
                    priorities[i % 3],
                    "Sujet " + i,
                    "L'application ne démarre plus après la mise à jour",
                    "email",
                    0,
                    0,
                    0);
            tickets.add(Map.entry(t.ticketId(), Json.write(t)));
        }
        tickets.add(Map.entry("broken", "{not json".getBytes()));
        KafkaTopics.publish(KAFKA.bootstrapServers(), config.topics().tickets(), tickets);

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.toConfiguration(config));
        PipelineJob.prepare(env, config).execute("bounded-pipeline-itcase");

        Path output = Path.of(config.outputDir());
        assertEquals(List.of(), ParquetDatasets.uncommittedFiles(output), "no in-progress or pending part file");
        for (String dataset :
                Arrays.stream(Dataset.values()).map(Dataset::folder).toList()) {
            assertFalse(ParquetDatasets.committedFiles(output, dataset).isEmpty(), dataset + " has committed files");
            ParquetDatasets.committedFiles(output, dataset).forEach(f -> {
                String name = f.getFileName().toString();
                // a bounded run never compacts: one part file per sink subtask and day folder
                assertTrue(name.startsWith(dataset + "-") && name.endsWith(".parquet"), name);
                assertTrue(f.getParent().getFileName().toString().startsWith("dt="), "bucketed by day: " + f);
            });
        }
        assertEquals(
                tracks.size(),
                ParquetDatasets.read(output, "genre_stats").stream()
                        .mapToLong(r -> lng(r, "track_count"))
                        .sum(),
                "every track counted once");
        assertEquals(
                tracks.size(),
                ParquetDatasets.read(output, "tracks_summary").stream()
                        .mapToLong(r -> lng(r, "track_count"))
                        .sum());
        assertEquals(120, ParquetDatasets.read(output, "tickets_enriched").size());
        assertEquals(1, ParquetDatasets.read(output, "dead_letters").size());
        assertEquals(
                1,
                KafkaTopics.readCommitted(
                                KAFKA.bootstrapServers(), config.topics().deadLetters())
                        .size());
    }
}
