package io.streamlab.pipeline.job.tracks;

import static io.streamlab.pipeline.job.testing.ParquetDatasets.lng;
import static io.streamlab.pipeline.job.testing.ParquetDatasets.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.datasets.TracksSummary;
import io.streamlab.pipeline.job.FlinkSettings;
import io.streamlab.pipeline.job.PipelineJob;
import io.streamlab.pipeline.job.testing.KafkaTopics;
import io.streamlab.pipeline.job.testing.ParquetDatasets;
import io.streamlab.pipeline.job.testing.Rows;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import io.streamlab.pipeline.records.Json;
import io.streamlab.pipeline.records.Track;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The track side end to end on a real broker and a mini cluster: every row of genre_stats,
 * artist_stats and tracks_summary against figures computed independently, malformed and late records
 * in the dead letters (Parquet and topic) with their reasons.
 *
 * <p>Lateness is made deterministic by waiting, not by timing: the test publishes on-time tracks plus
 * one far-ahead track per partition, waits until the windows are committed (so the watermark has passed
 * them), then publishes a track for the first window: it can only be late. The job is then stopped
 * with a draining savepoint, which fires the remaining windows and commits everything.
 */
class TrackPipelineITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    static final long WINDOW_MS = 60_000;
    static final long T0 = 1_750_000_000L - 1_750_000_000L % 60;

    @TempDir
    Path work;

    @Test
    void computesEveryTrackDatasetAndDeadLettersBadAndLateRecords() throws Exception {
        PipelineConfig config = TestPipelines.config(
                KAFKA.bootstrapServers(),
                work,
                "--window.tracks.size",
                "1min",
                "--watermark.out-of-orderness",
                "2s",
                "--watermark.idleness",
                "5s");
        KafkaTopics.createAll(KAFKA.broker(), config);
        String topic = config.topics().tracks();
        Path output = Path.of(config.outputDir());

        // 300 tracks over 150 s (windows 0, 1, 2), then one track per partition 10 minutes later.
        List<Track> onTime = TestTracks.generate(300, T0, 500, 7);
        List<Track> ahead = new ArrayList<>();
        KafkaTopics.publish(KAFKA.bootstrapServers(), topic, entries(onTime));
        for (int p = 0; p < config.topics().partitions(); p++) {
            Track t = TestTracks.generate(1, T0 + 600, 0, 100 + p).get(0);
            ahead.add(t);
            KafkaTopics.publish(KAFKA.bootstrapServers(), topic, p, entries(List.of(t)));
        }
        KafkaTopics.publish(
                KAFKA.bootstrapServers(),
                topic,
                List.of(
                        Map.entry("bad-json", "{\"track_id\": \"x\", ".getBytes(StandardCharsets.UTF_8)),
                        Map.entry("no-id", json(onTime.get(0), "track_id", null)),
                        Map.entry("popularity", json(onTime.get(1), "popularity", 150)),
                        Map.entry("tempo", json(onTime.get(2), "tempo", "fast"))));

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.toConfiguration(config));
        PipelineJob.prepare(env, config);
        JobClient job = env.executeAsync("track-pipeline-itcase");

        Map<String, GenreStats> firstWindows = ExpectedTrackStats.genreStats(onTime, WINDOW_MS);
        TestPipelines.await(
                "genre_stats of the first three windows",
                Duration.ofSeconds(90),
                () -> ParquetDatasets.read(output, "genre_stats").size() >= firstWindows.size());

        Track late = TestTracks.generate(1, T0 + 5, 0, 999).get(0);
        KafkaTopics.publish(KAFKA.bootstrapServers(), topic, List.of(Map.entry(late.trackId(), Json.write(late))));
        TestPipelines.await(
                "the late track in dead_letters",
                Duration.ofSeconds(60),
                () -> ParquetDatasets.read(output, "dead_letters").stream()
                        .anyMatch(r -> str(r, "raw").contains(late.trackId())));

        job.stopWithSavepoint(true, work.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                .get(60, TimeUnit.SECONDS);
        job.getJobExecutionResult().get(60, TimeUnit.SECONDS);

        List<Track> counted = new ArrayList<>(onTime);
        counted.addAll(ahead);

        Map<String, GenreStats> genres = new TreeMap<>();
        Rows.as(ParquetDatasets.read(output, "genre_stats"), GenreStats.class)
                .forEach(g -> assertEquals(
                        null, genres.put(g.windowStart() + "|" + g.genre(), g), "one row per window and genre"));
        assertAllClose(ExpectedTrackStats.genreStats(counted, WINDOW_MS), genres);

        Map<String, ArtistStats> artists = new TreeMap<>();
        Rows.as(ParquetDatasets.read(output, "artist_stats"), ArtistStats.class)
                .forEach(a -> assertEquals(
                        null, artists.put(a.windowStart() + "|" + a.artist(), a), "one row per window and artist"));
        assertAllClose(ExpectedTrackStats.artistStats(counted, WINDOW_MS), artists);
        assertTrue(artists.keySet().stream().anyMatch(k -> k.endsWith("|宇多田ヒカル")), "non-ASCII artist names survive");

        Map<Long, TracksSummary> summaries =
                Rows.as(ParquetDatasets.read(output, "tracks_summary"), TracksSummary.class).stream()
                        .collect(Collectors.toMap(TracksSummary::windowStart, s -> s));
        assertAllClose(ExpectedTrackStats.summaries(counted, WINDOW_MS), new TreeMap<>(summaries));

        List<GenericRecord> deadLetters = ParquetDatasets.read(output, "dead_letters");
        Map<String, String> reasons = deadLetters.stream()
                .collect(Collectors.toMap(
                        r -> str(r, "raw").contains(late.trackId()) ? "late" : firstKey(r), r -> str(r, "reason")));
        assertEquals(5, deadLetters.size(), "four malformed and one late record: " + reasons);
        assertTrue(reasons.get("late").startsWith("late"), reasons.toString());
        assertTrue(reasons.values().stream().anyMatch(r -> r.startsWith("invalid JSON")), reasons.toString());
        assertTrue(reasons.values().contains("missing required field 'track_id'"), reasons.toString());
        assertTrue(
                reasons.values().stream().anyMatch(r -> r.contains("'popularity' is out of range: 150")),
                reasons.toString());
        assertTrue(reasons.values().stream().anyMatch(r -> r.contains("'tempo' must be a number")), reasons.toString());
        deadLetters.forEach(r -> {
            assertEquals(topic, str(r, "source_topic"));
            assertTrue(lng(r, "offset") >= 0, "dead letters point at their source offset");
        });

        List<ConsumerRecord<String, String>> deadLetterTopic = KafkaTopics.readCommitted(
                KAFKA.bootstrapServers(), config.topics().deadLetters());
        assertEquals(5, deadLetterTopic.size());
        assertTrue(
                deadLetterTopic.stream().allMatch(r -> r.key().startsWith(topic + "/")),
                "keyed by topic/partition/offset");
        assertEquals(List.of(), ParquetDatasets.uncommittedFiles(output), "nothing left uncommitted");
    }

    private static String firstKey(GenericRecord r) {
        return str(r, "reason");
    }

    private static <K, V> void assertAllClose(Map<K, V> expected, Map<K, V> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((k, v) -> Rows.assertClose(v, actual.get(k)));
    }

    private static List<Map.Entry<String, byte[]>> entries(List<Track> tracks) {
        return tracks.stream().map(t -> Map.entry(t.trackId(), Json.write(t))).toList();
    }

    private static byte[] json(Track track, String field, Object value) throws Exception {
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(Json.write(track));
        node.set(field, Json.MAPPER.valueToTree(value));
        return Json.MAPPER.writeValueAsBytes(node);
    }
}
