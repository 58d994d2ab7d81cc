package io.streamlab.pipeline.job.recovery;

import static io.streamlab.pipeline.job.testing.ParquetDatasets.lng;
import static io.streamlab.pipeline.job.testing.ParquetDatasets.str;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.datasets.CommittedFiles;
import io.streamlab.pipeline.datasets.Dataset;
import io.streamlab.pipeline.job.FlinkSettings;
import io.streamlab.pipeline.job.PipelineJob;
import io.streamlab.pipeline.job.testing.KafkaTopics;
import io.streamlab.pipeline.job.testing.ParquetDatasets;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import io.streamlab.pipeline.records.Tickets;
import io.streamlab.pipeline.records.Tracks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.RestoredCheckpointStats;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A savepoint taken by an earlier release restores into this version: every operator finds its state
 * by uid and reads it with today's serializers (no {@code allowNonRestoredState}), and the state is
 * really used, not just accepted.
 *
 * <p>The fixture ({@code src/test/resources/savepoint-fixtures/v0.1.0-4d03095}, see its README) holds
 * the savepoint of a job that had read {@code tracks.jsonl} and {@code tickets.jsonl}: window 0
 * ({@code [T0, T0 + 1 min)}) emitted and committed, window 1 open in state. Here a fresh broker gets
 * the same records again (so the same offsets), then new records for window 1 and late ones for window
 * 0. The restored job must skip what it had read (source offsets), count window 1's old and new records
 * together (window state), write nothing for window 0 again and turn the late records into dead letters
 * (the event time reached and the emitted-window guards).
 */
class SavepointCompatibilityITCase {
    private static final String FIXTURE = "/savepoint-fixtures/v0.1.0-4d03095";
    private static final long T0 = Instant.parse("2025-06-02T08:00:00Z").toEpochMilli();
    private static final long WINDOW_MS = 60_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(120);

    // one broker per run: each publishes the fixture's records from offset 0, as the savepoint expects
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA_FOR_COMPACTION = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @TempDir
    Path work;

    /**
     * With compaction on the Parquet sinks get two operators each that 0.1.0 did not have: they start
     * empty, and the restored sinks still write every row once.
     */
    @ParameterizedTest(name = "sink.compaction.checkpoints {0}")
    @ValueSource(ints = {0, 10})
    void aSavepointOfRelease010RestoresTheStateOfEveryOperator(
            int compactionCheckpoints, @InjectMiniCluster MiniCluster cluster) throws Exception {
        KafkaBrokerExtension kafka = compactionCheckpoints == 0 ? KAFKA : KAFKA_FOR_COMPACTION;
        Path fixture = Path.of(getClass().getResource(FIXTURE).toURI());
        List<String> args = new ArrayList<>(TestPipelines.configArgs(kafka.bootstrapServers(), work));
        args.addAll(TestPipelines.topicArgs("fixture-"));
        // the flags the fixture's job was started with (its README), and the savepoint
        args.addAll(List.of(
                "--job.name",
                "savepoint-fixture",
                "--job.group-id",
                "savepoint-fixture",
                "--watermark.idleness",
                "10min",
                "--checkpoint.interval",
                "300ms",
                "--sink.compaction.checkpoints",
                Integer.toString(compactionCheckpoints),
                "--flink.execution.state-recovery.path",
                fixture.resolve("savepoint").toUri().toString()));
        PipelineConfig config = PipelineConfig.load(args, Map.of());
        KafkaTopics.createAll(kafka.broker(), config);

        List<Map.Entry<String, byte[]>> oldTracks = records(fixture.resolve("tracks.jsonl"));
        List<Map.Entry<String, byte[]>> oldTickets = records(fixture.resolve("tickets.jsonl"));
        KafkaTopics.publish(kafka.bootstrapServers(), config.topics().tracks(), oldTracks);
        KafkaTopics.publish(kafka.bootstrapServers(), config.topics().tickets(), oldTickets);

        // new records: copies of window 1's tracks and tickets under new ids, and one late of each
        List<Map.Entry<String, byte[]>> newTracks = new ArrayList<>();
        List<Map.Entry<String, byte[]>> newTickets = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, byte[]> old : oldTracks) {
            if (inWindow1(trackTime(old)) && n < 12) {
                newTracks.add(track(old, "after-" + n++, (T0 + WINDOW_MS) / 1000 + n));
            }
        }
        newTracks.add(track(oldTracks.get(0), "late-track", T0 / 1000 + 5));
        n = 0;
        for (Map.Entry<String, byte[]> old : oldTickets) {
            if (inWindow1(ticketTime(old)) && n < 8) {
                newTickets.add(ticket(old, "AFTER-" + n++, T0 + WINDOW_MS + 1000L * n));
            }
        }
        newTickets.add(ticket(oldTickets.get(0), "LATE-1", T0 + 7_000));
        KafkaTopics.publish(kafka.bootstrapServers(), config.topics().tracks(), newTracks);
        KafkaTopics.publish(kafka.bootstrapServers(), config.topics().tickets(), newTickets);

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.toConfiguration(config));
        PipelineJob.prepare(env, config);
        JobClient job = env.executeAsync(config.job().name());
        TestPipelines.await("the job restored", WAIT, () -> RecoveryScenario.latestRestore(cluster, job) != null);
        RestoredCheckpointStats restore = RecoveryScenario.latestRestore(cluster, job);
        assertThat(restore.getProperties().isSavepoint()).isTrue();
        TestPipelines.await(
                "every record consumed",
                WAIT,
                () -> KafkaTopics.consumed(
                        kafka.bootstrapServers(),
                        "savepoint-fixture",
                        config.topics().tracks(),
                        config.topics().tickets()));
        job.stopWithSavepoint(true, work.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                .get(90, TimeUnit.SECONDS);
        job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        Path output = Path.of(config.outputDir());

        // window state: window 1 counts the tracks read before the savepoint and after it, per genre
        Map<String, Long> expectedGenres = new TreeMap<>();
        for (Map.Entry<String, byte[]> t : concat(oldTracks, newTracks)) {
            if (inWindow1(trackTime(t))) {
                expectedGenres.merge(Tracks.parse(t.getValue()).trackGenre(), 1L, Long::sum);
            }
        }
        assertThat(expectedGenres.values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(countInWindow1(oldTracks, SavepointCompatibilityITCase::trackTime) + 12);
        List<GenericRecord> genres = ParquetDatasets.read(output, "genre_stats");
        Map<String, Long> genreCounts = new TreeMap<>();
        genres.forEach(g -> genreCounts.merge(str(g, "genre"), lng(g, "track_count"), Long::sum));
        assertThat(genreCounts)
                .as("window 1 per genre: old and new tracks, each once; nothing of window 0 again")
                .isEqualTo(expectedGenres);
        assertThat(genres).allSatisfy(g -> assertThat(lng(g, "window_start")).isEqualTo(T0 + WINDOW_MS));
        // window state: the same for every artist of the tracks of window 1
        Map<String, Long> expectedArtists = new TreeMap<>();
        for (Map.Entry<String, byte[]> t : concat(oldTracks, newTracks)) {
            if (inWindow1(trackTime(t))) {
                Tracks.artists(Tracks.parse(t.getValue()).artists())
                        .forEach(artist -> expectedArtists.merge(artist, 1L, Long::sum));
            }
        }
        List<GenericRecord> artists = ParquetDatasets.read(output, "artist_stats");
        Map<String, Long> artistCounts = new TreeMap<>();
        artists.forEach(a -> assertThat(artistCounts.put(str(a, "artist"), lng(a, "track_count")))
                .as("one row per artist in window 1")
                .isNull());
        assertThat(artistCounts)
                .as("window 1 per artist: old and new tracks, each once")
                .isEqualTo(expectedArtists);
        assertThat(ParquetDatasets.read(output, "tracks_summary"))
                .singleElement()
                .satisfies(s -> assertThat(lng(s, "track_count"))
                        .isEqualTo(expectedGenres.values().stream()
                                .mapToLong(Long::longValue)
                                .sum()))
                .satisfies(s -> assertThat(lng(s, "distinct_artists"))
                        .as("the summary's state of 0.1.0 restores with the fields of the artist digests added")
                        .isEqualTo(expectedArtists.size()));

        long ticketsInWindow1 = countInWindow1(oldTickets, SavepointCompatibilityITCase::ticketTime) + 8;
        assertThat(ParquetDatasets.read(output, "stats_by_type"))
                .allSatisfy(r -> assertThat(lng(r, "window_start")).isEqualTo(T0 + WINDOW_MS))
                .extracting(r -> lng(r, "ticket_count"))
                .as("ticket window 1: old and new tickets")
                .matches(counts -> counts.stream().mapToLong(Long::longValue).sum() == ticketsInWindow1);
        // the type windows' client sets of 0.1.0 restore (without the estimate's field added since) and
        // count the new tickets' clients with them
        Map<String, java.util.Set<String>> clientsByType = new TreeMap<>();
        for (Map.Entry<String, byte[]> t : concat(oldTickets, newTickets)) {
            if (inWindow1(ticketTime(t))) {
                var ticket = Tickets.parse(t.getValue());
                clientsByType
                        .computeIfAbsent(
                                PipelineConfig.Routing.normaliseType(ticket.type()), k -> new java.util.TreeSet<>())
                        .add(ticket.clientId());
            }
        }
        Map<String, Long> distinctClients = new TreeMap<>();
        ParquetDatasets.read(output, "stats_by_type")
                .forEach(r -> distinctClients.put(str(r, "type"), lng(r, "distinct_clients")));
        Map<String, Long> expectedClients = new TreeMap<>();
        clientsByType.forEach((type, clients) -> expectedClients.put(type, (long) clients.size()));
        assertThat(distinctClients).isEqualTo(expectedClients);
        assertThat(ParquetDatasets.read(output, "stats_by_team").stream()
                        .mapToLong(r -> lng(r, "ticket_count"))
                        .sum())
                .isEqualTo(ticketsInWindow1);

        // source offsets: only the new tickets are enriched (the late one too: it is still routed)
        assertThat(ParquetDatasets.read(output, "tickets_enriched"))
                .extracting(r -> str(r, "ticket_id"))
                .containsExactlyInAnyOrderElementsOf(
                        newTickets.stream().map(Map.Entry::getKey).toList());
        // event time reached: the two late records are late; the old malformed ones were not read again
        assertThat(ParquetDatasets.read(output, "dead_letters"))
                .extracting(r -> str(r, "category") + " " + str(r, "source_topic"))
                .containsExactlyInAnyOrder(
                        "late " + config.topics().tracks(),
                        "late " + config.topics().tickets());

        assertThat(ParquetDatasets.uncommittedFiles(output))
                .as("no file left hidden")
                .isEmpty();
        if (compactionCheckpoints > 0) {
            assertThat(CommittedFiles.of(output, Dataset.TICKETS_ENRICHED).committed())
                    .as("the rows went through the compaction operators the savepoint did not have")
                    .isNotEmpty()
                    .allSatisfy(f -> assertThat(f.getFileName().toString()).startsWith("compacted-"));
        }
    }

    private static List<Map.Entry<String, byte[]>> records(Path jsonl) throws IOException {
        List<Map.Entry<String, byte[]>> records = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl)) {
            JsonNode node = JSON.readTree(line);
            records.add(Map.entry(
                    node.get("key").asText(), node.get("value").asText().getBytes(StandardCharsets.UTF_8)));
        }
        return records;
    }

    private static Map.Entry<String, byte[]> track(Map.Entry<String, byte[]> like, String id, long epochSeconds)
            throws IOException {
        ObjectNode node = (ObjectNode) JSON.readTree(like.getValue());
        node.put("track_id", id).put("timestamp", epochSeconds);
        return Map.entry(id, JSON.writeValueAsBytes(node));
    }

    private static Map.Entry<String, byte[]> ticket(Map.Entry<String, byte[]> like, String id, long epochMillis)
            throws IOException {
        ObjectNode node = (ObjectNode) JSON.readTree(like.getValue());
        node.put("ticket_id", id)
                .put("created_at", Instant.ofEpochMilli(epochMillis).toString());
        return Map.entry(id, JSON.writeValueAsBytes(node));
    }

    /** Event time in ms, or -1 for the fixture's malformed record. */
    private static long trackTime(Map.Entry<String, byte[]> record) {
        try {
            return Tracks.parse(record.getValue()).timestamp() * 1000;
        } catch (Exception malformed) {
            return -1;
        }
    }

    private static long ticketTime(Map.Entry<String, byte[]> record) {
        try {
            return Tickets.parseInstant(Tickets.parse(record.getValue()).createdAt())
                    .toEpochMilli();
        } catch (Exception malformed) {
            return -1;
        }
    }

    private static boolean inWindow1(long epochMillis) {
        return epochMillis >= T0 + WINDOW_MS && epochMillis < T0 + 2 * WINDOW_MS;
    }

    private static long countInWindow1(
            List<Map.Entry<String, byte[]>> records, ToLongFunction<Map.Entry<String, byte[]>> time) {
        return records.stream().filter(r -> inWindow1(time.applyAsLong(r))).count();
    }

    private static List<Map.Entry<String, byte[]>> concat(
            List<Map.Entry<String, byte[]>> a, List<Map.Entry<String, byte[]>> b) {
        List<Map.Entry<String, byte[]>> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
