package io.streamlab.pipeline.job.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamlab.pipeline.job.testing.KafkaTopics;
import io.streamlab.pipeline.job.testing.OutputSnapshot;
import io.streamlab.pipeline.job.testing.ParquetDatasets;
import io.streamlab.pipeline.job.testing.Rows;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.job.tracks.ArtistStats;
import io.streamlab.pipeline.job.tracks.ExpectedTrackStats;
import io.streamlab.pipeline.job.tracks.GenreStats;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.Json;
import io.streamlab.pipeline.records.Track;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drill that used to write a window twice: a window is committed, records late for it are read, the
 * job fails before its next checkpoint and restores. Watermarks are not part of checkpoints, so the
 * restored windows start from no event time at all and a late record reopened its window: a second,
 * partial row for the same window and key. Now the event time reached is checkpointed with the gate
 * that decides lateness: every late record, read before or after the restore, is one dead letter, and
 * every windowed dataset holds one row per window and key, equal to the figures of the on-time records.
 */
class LateDataAfterRestoreITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(2)
            .setNumberSlotsPerTaskManager(1)
            .build());

    @TempDir
    Path work;

    @Test
    void aWindowCommittedBeforeAFailureIsNeverWrittenAgain(@InjectMiniCluster MiniCluster cluster) throws Exception {
        try (RecoveryScenario s = RecoveryScenario.create(
                KAFKA,
                work,
                "late-restore",
                // a failure right after the late records lands before the next checkpoint
                "--checkpoint.interval",
                "3s")) {
            s.publishFirstPart();
            JobClient job = s.start();
            long firstWindow = RecoveryScenario.T0_MS;
            TestPipelines.await(
                    "the first window committed to genre_stats",
                    RecoveryScenario.WAIT,
                    () -> OutputSnapshot.of(s.output()).rowsFromWindow("genre_stats", firstWindow) > 0
                            && !ParquetDatasets.read(s.output(), "stats_by_type")
                                    .isEmpty());

            List<Map.Entry<String, byte[]>> lateTracks = lateTracks(s, "before", 6);
            List<Map.Entry<String, byte[]>> lateTickets = lateTickets(s, "before", 4);
            KafkaTopics.publish(KAFKA.bootstrapServers(), s.config.topics().tracks(), lateTracks);
            KafkaTopics.publish(KAFKA.bootstrapServers(), s.config.topics().tickets(), lateTickets);
            cluster.terminateTaskManager(0).get(60, TimeUnit.SECONDS);
            cluster.startTaskManager();
            TestPipelines.await(
                    "the job restored from a checkpoint",
                    RecoveryScenario.WAIT,
                    () -> RecoveryScenario.latestRestore(cluster, job) != null);

            // read after the restore: the restored windows have no watermark yet, the gate has its own
            List<Map.Entry<String, byte[]>> lateAfter = lateTracks(s, "after", 5);
            List<Map.Entry<String, byte[]>> lateTicketsAfter = lateTickets(s, "after", 3);
            KafkaTopics.publish(KAFKA.bootstrapServers(), s.config.topics().tracks(), lateAfter);
            KafkaTopics.publish(KAFKA.bootstrapServers(), s.config.topics().tickets(), lateTicketsAfter);
            s.publishSecondPart();
            s.awaitConsumed();
            s.stopWithDrain(job);

            OutputSnapshot output = OutputSnapshot.of(s.output());
            output.assertNoDuplicates();
            Map<String, GenreStats> expected = ExpectedTrackStats.genreStats(s.tracks, RecoveryScenario.WINDOW_MS);
            Map<String, Record> genres = output.rows("genre_stats");
            assertThat(genres.keySet()).isEqualTo(expected.keySet());
            expected.forEach((k, v) -> Rows.assertClose(v, genres.get(k)));
            Map<String, Record> artists = output.rows("artist_stats");
            Map<String, ArtistStats> expectedArtists =
                    ExpectedTrackStats.artistStats(s.tracks, RecoveryScenario.WINDOW_MS);
            assertThat(artists.keySet()).isEqualTo(expectedArtists.keySet());
            expectedArtists.forEach((k, v) -> Rows.assertClose(v, artists.get(k)));
            Map<String, Record> summaries = output.rows("tracks_summary");
            var expectedSummaries = ExpectedTrackStats.summaries(s.tracks, RecoveryScenario.WINDOW_MS);
            assertThat(summaries.keySet())
                    .isEqualTo(expectedSummaries.keySet().stream()
                            .map(String::valueOf)
                            .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)));
            expectedSummaries.forEach((k, v) -> Rows.assertClose(v, summaries.get(String.valueOf(k))));
            long typeCounts = ParquetDatasets.read(s.output(), "stats_by_type").stream()
                    .mapToLong(r -> ParquetDatasets.lng(r, "ticket_count"))
                    .sum();
            long teamCounts = ParquetDatasets.read(s.output(), "stats_by_team").stream()
                    .mapToLong(r -> ParquetDatasets.lng(r, "ticket_count"))
                    .sum();
            assertThat(typeCounts).as("late tickets are in no window").isEqualTo(RecoveryScenario.TICKETS);
            assertThat(teamCounts).isEqualTo(RecoveryScenario.TICKETS);

            // every late record exactly once in the dead letters, as late
            List<DeadLetter> deadLetters = Rows.as(ParquetDatasets.read(s.output(), "dead_letters"), DeadLetter.class);
            List<String> late = deadLetters.stream()
                    .filter(d -> d.category().equals("late"))
                    .map(d -> d.raw().contains("late-track-") ? "track" : "ticket")
                    .toList();
            assertThat(late).filteredOn("track"::equals).hasSize(lateTracks.size() + lateAfter.size());
            assertThat(late).filteredOn("ticket"::equals).hasSize(lateTickets.size() + lateTicketsAfter.size());
            assertThat(s.deadLetterKeys(s.config)).hasSize(deadLetters.size());

            // late tickets still reach their team, once, and tickets_enriched
            Map<String, String> teams = s.teams(s.config);
            for (Map.Entry<String, byte[]> t : concat(lateTickets, lateTicketsAfter)) {
                assertThat(teams).containsKey(t.getKey());
                assertThat(output.rows("tickets_enriched")).containsKey(t.getKey());
            }
            assertThat(teams).hasSize(RecoveryScenario.TICKETS + lateTickets.size() + lateTicketsAfter.size());
        }
    }

    /** Copies of the first tracks with new ids and an event time in the first window. */
    private static List<Map.Entry<String, byte[]>> lateTracks(RecoveryScenario s, String tag, int n) throws Exception {
        List<Map.Entry<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Track t = s.tracks.get(i * 7);
            ObjectNode node = (ObjectNode) Json.MAPPER.readTree(Json.write(t));
            String id = "late-track-" + tag + "-" + i;
            node.put("track_id", id);
            node.put("timestamp", RecoveryScenario.T0_MS / 1000 + 1 + i);
            records.add(Map.entry(id, Json.MAPPER.writeValueAsBytes(node)));
        }
        return records;
    }

    private static List<Map.Entry<String, byte[]>> lateTickets(RecoveryScenario s, String tag, int n) throws Exception {
        List<Map.Entry<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ObjectNode node =
                    (ObjectNode) Json.MAPPER.readTree(s.tickets.get(i * 5).json());
            String id = "late-ticket-" + tag + "-" + i;
            node.put("ticket_id", id);
            node.put(
                    "created_at",
                    Instant.ofEpochMilli(RecoveryScenario.T0_MS + 2_000 + i).toString());
            records.add(Map.entry(id, Json.MAPPER.writeValueAsBytes(node)));
        }
        return records;
    }

    private static List<Map.Entry<String, byte[]>> concat(
            List<Map.Entry<String, byte[]>> a, List<Map.Entry<String, byte[]>> b) {
        List<Map.Entry<String, byte[]>> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
