package io.streamlab.pipeline.job.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlab.pipeline.job.testing.KafkaTopics;
import io.streamlab.pipeline.job.testing.OutputSnapshot;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.job.tracks.GenreStats;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.RestoredCheckpointStats;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An upgrade through a savepoint in the middle of the stream: the job is stopped with a savepoint
 * without draining (the window that spans the stop is open, in state), more records are published, and
 * a changed job (the same pipeline plus a new branch with its own uids, and on RocksDB instead of the
 * heap: savepoints are in the canonical format) resumes from the savepoint with
 * {@code execution.state-recovery.path}, at parallelism 2 from a savepoint taken at 1 (an operator chained to
 * the parallelism-1 summary would take its maximum parallelism of 1 into the savepoint, and the restore at
 * another parallelism would fail). Between the two, the job's group offsets in Kafka are moved where
 * they would lose and double records. The window that spanned the stop holds the records of both
 * sides; every output equals that of a run that was never stopped, row for row, nothing lost or doubled.
 */
class SavepointUpgradeITCase {
    private static final Logger LOG = LoggerFactory.getLogger(SavepointUpgradeITCase.class);

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    /** Records seen by the operator that only the upgraded job has (the mini cluster runs in this JVM). */
    static final AtomicLong AUDITED = new AtomicLong();

    @TempDir
    Path work;

    @Test
    void aJobUpgradedThroughASavepointCompletesTheWindowsThatSpannedTheStop(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        try (RecoveryScenario s = RecoveryScenario.create(KAFKA, work, "upgrade", "--job.parallelism", "1")) {
            long[] spanning = s.tracksInSpanningWindow();
            assertTrue(
                    spanning[0] > 0 && spanning[1] > 0,
                    "window " + RecoveryScenario.SPANNING_WINDOW + " holds tracks of both parts: " + spanning[0] + " + "
                            + spanning[1]);

            // version 1: the first part, then a savepoint without draining
            s.publishFirstPart();
            JobClient v1 = s.start();
            s.awaitConsumed();
            String savepoint = v1.stopWithSavepoint(
                            false, work.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(90, TimeUnit.SECONDS);
            v1.getJobExecutionResult().get(60, TimeUnit.SECONDS);
            LOG.info("Stopped with savepoint {}", savepoint);

            OutputSnapshot atStop = OutputSnapshot.of(s.output());
            atStop.assertNoDuplicates();
            // the stop commits at most what was read before the savepoint (with compaction on, part files
            // waiting for their merge stay in the savepoint: CompactionITCase covers that); at the end every
            // output equals that of a run never stopped (below)
            assertTrue(
                    atStop.size("tickets_enriched") <= s.splitTicket(),
                    "the stop committed at most the tickets read before the savepoint: "
                            + atStop.size("tickets_enriched"));
            assertEquals(s.splitTicket(), s.teams(s.config).size(), "the stop committed every team topic record");
            for (String windowed : List.of(
                    "genre_stats",
                    "artist_stats",
                    "tracks_summary",
                    "stats_by_type",
                    "stats_by_team",
                    "word_frequency")) {
                assertEquals(
                        0,
                        atStop.rowsFromWindow(windowed, RecoveryScenario.SPANNING_WINDOW),
                        windowed + ": the window spanning the stop was still open, in the savepoint");
            }

            // the same savepoint under another window size is refused at once (no restarts: the same snapshot
            // would fail the same way), with the key to change back; its state stays as the stop left it
            JobClient resized = s.start(
                    s.config("--flink.execution.state-recovery.path", savepoint, "--window.tracks.size", "30s"),
                    env -> {});
            ExecutionException refused = assertThrows(
                    ExecutionException.class,
                    () -> resized.getJobExecutionResult().get(60, TimeUnit.SECONDS));
            assertTrue(
                    ExceptionUtils.findThrowableWithMessage(refused, "window.tracks.size is now 30s")
                            .isPresent(),
                    () -> "refused for its window size: " + ExceptionUtils.stringifyException(refused));
            assertEquals(
                    0L,
                    RecoveryScenario.graph(cluster, resized).getStatusTimestamp(JobStatus.RESTARTING),
                    "never restarted");

            // version 2: more records, the job with a new branch, resumed from the savepoint
            s.publishSecondPart();
            moveTheGroupOffsetsWhereTheyWouldDoHarm(s);
            JobClient v2 = s.start(
                    s.config(
                            "--flink.execution.state-recovery.path",
                            savepoint,
                            "--state.backend",
                            "rocksdb",
                            "--job.parallelism",
                            "2"),
                    env -> addAuditBranch(env, s.config.topics().tickets()));
            TestPipelines.await(
                    "version 2 restored",
                    RecoveryScenario.WAIT,
                    () -> RecoveryScenario.latestRestore(cluster, v2) != null);
            RestoredCheckpointStats restore = RecoveryScenario.latestRestore(cluster, v2);
            assertNotNull(restore);
            assertTrue(restore.getProperties().isSavepoint(), "restored from a savepoint: " + restore);
            assertEquals(
                    URI.create(savepoint).getPath(),
                    URI.create(restore.getExternalPath()).getPath());
            String stateBackend =
                    RecoveryScenario.graph(cluster, v2).getStateBackendName().orElse("?");
            assertTrue(stateBackend.toLowerCase().contains("rocksdb"), "version 2 runs on RocksDB: " + stateBackend);
            s.awaitConsumed();
            TestPipelines.await(
                    "the new operator sees every ticket record",
                    RecoveryScenario.WAIT,
                    () -> AUDITED.get() >= s.ticketRecords());
            s.stopWithDrain(v2);
            assertEquals(s.ticketRecords(), AUDITED.get(), "the new operator started from its own, empty state");

            RecoveryScenario.Reference reference = s.cleanRun();
            s.assertSameOutputsAs(reference);
            long spanningTracks = OutputSnapshot.of(s.output()).rows("genre_stats").values().stream()
                    .map(GenreStats.class::cast)
                    .filter(g -> g.windowStart() == RecoveryScenario.SPANNING_WINDOW)
                    .mapToLong(GenreStats::trackCount)
                    .sum();
            assertEquals(
                    spanning[0] + spanning[1],
                    spanningTracks,
                    "the spanning window counts the tracks of both sides of the stop, once each");
        }
    }

    /**
     * The job's group offsets in Kafka are for monitoring only: a restore reads from the positions in the
     * snapshot (README, the guarantees). Moves them where a job that read from them would skip the second
     * part of the tracks (to the end) and read the first part of the tickets twice (to the start); the
     * outputs of the resumed job then equal a clean run's only if it ignores them.
     */
    private static void moveTheGroupOffsetsWhereTheyWouldDoHarm(RecoveryScenario s) {
        String bootstrap = KAFKA.bootstrapServers();
        String group = s.config.job().groupId();
        String tracks = s.config.topics().tracks();
        String tickets = s.config.topics().tickets();
        Map<TopicPartition, Long> atStop = KafkaTopics.groupOffsets(bootstrap, group);
        KafkaTopics.moveGroupOffsets(bootstrap, group, tracks, true);
        KafkaTopics.moveGroupOffsets(bootstrap, group, tickets, false);
        Map<TopicPartition, Long> moved = KafkaTopics.groupOffsets(bootstrap, group);
        LOG.info("Group offsets moved from {} to {}", atStop, moved);
        assertEquals(atStop.keySet(), moved.keySet(), "the first job committed offsets for every partition");
        moved.forEach((partition, offset) -> {
            long before = atStop.get(partition);
            if (partition.topic().equals(tracks)) {
                assertTrue(
                        offset > before, partition + ": moved past the second part, from " + before + " to " + offset);
            } else {
                assertEquals(tickets, partition.topic());
                assertTrue(before > 0 && offset == 0, partition + ": moved back to the start, from " + before);
            }
        });
    }

    /**
     * The change of version 2: a branch that reads the tickets topic on its own (new source, map and sink,
     * each with a uid of its own). The savepoint has no state for them; every operator of version 1 finds
     * its state by uid.
     */
    static void addAuditBranch(StreamExecutionEnvironment env, String ticketsTopic) {
        String bootstrap = KAFKA.bootstrapServers();
        KafkaSource<String> source = KafkaSource.<String>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(ticketsTopic)
                .setGroupId(ticketsTopic + "-audit")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(KafkaRecordDeserializationSchema.valueOnly(StringDeserializer.class))
                .build();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "Audit: tickets")
                .uid("upgrade-audit-source")
                .map(value -> AUDITED.incrementAndGet())
                .returns(Types.LONG)
                .name("Audit: count")
                .uid("upgrade-audit-count")
                .sinkTo(new DiscardingSink<>())
                .name("Audit: discard")
                .uid("upgrade-audit-sink");
    }
}
