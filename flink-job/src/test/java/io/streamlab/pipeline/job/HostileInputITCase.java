package io.streamlab.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.job.deadletters.DeadLetters;
import io.streamlab.pipeline.job.testing.JobMetrics;
import io.streamlab.pipeline.job.testing.KafkaTopics;
import io.streamlab.pipeline.job.testing.MiniClusters;
import io.streamlab.pipeline.job.testing.OutputSnapshot;
import io.streamlab.pipeline.job.testing.ParquetDatasets;
import io.streamlab.pipeline.job.testing.Rows;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.job.tracks.TestTracks;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import io.streamlab.pipeline.metrics.PipelineMetrics;
import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.Json;
import io.streamlab.pipeline.records.RejectCategory;
import io.streamlab.pipeline.records.Ticket;
import io.streamlab.pipeline.records.Track;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records that are valid JSON but hostile (huge fields, absurd or overflowing timestamps, thousands of
 * artists, fractional ids...) published among normal data: the bounded job finishes, each hostile
 * record is exactly one dead letter with a short reason and its category, and every other output is
 * exactly what the normal data alone gives.
 */
class HostileInputITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    /** The job's metrics, kept after it ends. */
    static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.oneTaskManagerReportingTo(METRICS);

    static final long T0 = 1_700_000_000L;

    @TempDir
    Path work;

    /** A hostile record: its value and the category its dead letter must carry. */
    record Hostile(String key, byte[] value, RejectCategory category) {}

    @Test
    void hostileRecordsBecomeDeadLettersAndChangeNothingElse() throws Exception {
        List<Track> tracks = TestTracks.generate(300, T0, 400, 7);
        List<Ticket> tickets = normalTickets(150);
        List<Hostile> hostileTracks = hostileTracks(tracks.get(0));
        List<Hostile> hostileTickets = hostileTickets();
        assertThat(hostileTracks.size() + hostileTickets.size()).isGreaterThanOrEqualTo(25);

        Path clean = run("clean-", tracks, List.of(), tickets, List.of()).output();
        Run mixedRun = run("mixed-", tracks, hostileTracks, tickets, hostileTickets);
        Path mixed = mixedRun.output();

        OutputSnapshot expected = OutputSnapshot.of(clean);
        OutputSnapshot actual = OutputSnapshot.of(mixed);
        assertThat(expected.size("genre_stats")).isPositive();
        assertThat(expected.size("word_frequency")).isPositive();
        assertThat(expected.size("dead_letters")).isZero();
        actual.assertSameAs(expected, List.of("dead_letters"));

        List<DeadLetter> deadLetters = Rows.as(ParquetDatasets.read(mixed, "dead_letters"), DeadLetter.class);
        Map<String, Long> expectedCategories = categories(hostileTracks, hostileTickets);
        Map<String, Long> actualCategories = new TreeMap<>();
        deadLetters.forEach(d -> actualCategories.merge(d.sourceTopic() + " " + d.category(), 1L, Long::sum));
        assertThat(actualCategories).isEqualTo(expectedCategories);
        assertThat(deadLetters).allSatisfy(d -> {
            assertThat(d.reason()).isNotBlank().hasSizeLessThanOrEqualTo(DeadLetter.MAX_REASON_CHARS);
            assertThat(d.raw()).hasSizeLessThanOrEqualTo(DeadLetter.MAX_RAW_CHARS);
        });
        assertThat(deadLetters).noneMatch(d -> d.category().equals(RejectCategory.LATE.label()));

        // and each is counted: the input's invalid counter, and its category's dead-letter counter
        JobID job = mixedRun.job();
        assertThat(counted(job, PipelineMetrics.Input.TRACKS.parsed())).isEqualTo(tracks.size());
        assertThat(counted(job, PipelineMetrics.Input.TRACKS.invalid())).isEqualTo(hostileTracks.size());
        assertThat(counted(job, PipelineMetrics.Input.TICKETS.parsed())).isEqualTo(tickets.size());
        assertThat(counted(job, PipelineMetrics.Input.TICKETS.invalid())).isEqualTo(hostileTickets.size());
        assertThat(counted(job, PipelineMetrics.Input.TRACKS.late())
                        + counted(job, PipelineMetrics.Input.TICKETS.late()))
                .isZero();
        Map<String, Long> perCategory = new TreeMap<>();
        expectedCategories.forEach((topicAndCategory, n) ->
                perCategory.merge(topicAndCategory.substring(topicAndCategory.indexOf(' ') + 1), n, Long::sum));
        for (RejectCategory category : RejectCategory.values()) {
            assertThat(counted(job, DeadLetters.METRIC_GROUP + "." + category.label() + "." + DeadLetters.METRIC))
                    .as("dead letters counted in category %s", category.label())
                    .isEqualTo(perCategory.getOrDefault(category.label(), 0L));
        }
        assertThat(KafkaTopics.readCommitted(KAFKA.bootstrapServers(), "mixed-dead-letters"))
                .hasSize(hostileTracks.size() + hostileTickets.size());
        assertThat(KafkaTopics.ticketsByTopic(KAFKA.bootstrapServers(), teamTopics("mixed-")))
                .isEqualTo(
                        KafkaTopics.ticketsByTopic(KAFKA.bootstrapServers(), teamTopics("clean-")).entrySet().stream()
                                .collect(java.util.stream.Collectors.toMap(
                                        Map.Entry::getKey,
                                        e -> e.getValue().replaceFirst("^clean-", "mixed-"),
                                        (a, b) -> a,
                                        TreeMap::new)));
    }

    /** A finished run: its job and its output folder. */
    record Run(JobID job, Path output) {}

    /** The sum over every subtask of the job's counter whose identifier ends with {@code name}. */
    private static long counted(JobID job, String name) {
        JobMetrics metrics = new JobMetrics(METRICS, job);
        assertThat(metrics.registered(name))
                .as("counter %s registered by job %s", name, job)
                .isTrue();
        return metrics.counted(name);
    }

    private Run run(
            String prefix,
            List<Track> tracks,
            List<Hostile> hostileTracks,
            List<Ticket> tickets,
            List<Hostile> hostileTickets)
            throws Exception {
        List<String> args = new ArrayList<>(TestPipelines.topicArgs(prefix));
        args.addAll(List.of("--job.bounded", "true"));
        PipelineConfig config =
                TestPipelines.config(KAFKA.bootstrapServers(), work.resolve(prefix), args.toArray(String[]::new));
        KafkaTopics.createAll(KAFKA.broker(), config);
        KafkaTopics.publish(
                KAFKA.bootstrapServers(),
                config.topics().tracks(),
                interleave(
                        tracks.stream()
                                .map(t -> Map.entry(t.trackId(), Json.write(t)))
                                .toList(),
                        hostileTracks));
        KafkaTopics.publish(
                KAFKA.bootstrapServers(),
                config.topics().tickets(),
                interleave(
                        tickets.stream()
                                .map(t -> Map.entry(t.ticketId(), Json.write(t)))
                                .toList(),
                        hostileTickets));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.toConfiguration(config));
        JobExecutionResult result = PipelineJob.prepare(env, config).execute("hostile-input-" + prefix);
        return new Run(result.getJobID(), Path.of(config.outputDir()));
    }

    /** The hostile records spread evenly among the normal ones, so they hit every partition mid-stream. */
    private static List<Map.Entry<String, byte[]>> interleave(
            List<Map.Entry<String, byte[]>> normal, List<Hostile> hostile) {
        List<Map.Entry<String, byte[]>> all = new ArrayList<>();
        int every = Math.max(1, normal.size() / (hostile.size() + 1));
        int h = 0;
        for (int i = 0; i < normal.size(); i++) {
            if (i > 0 && i % every == 0 && h < hostile.size()) {
                all.add(Map.entry(hostile.get(h).key(), hostile.get(h).value()));
                h++;
            }
            all.add(normal.get(i));
        }
        for (; h < hostile.size(); h++) {
            all.add(Map.entry(hostile.get(h).key(), hostile.get(h).value()));
        }
        return all;
    }

    private static List<Ticket> normalTickets(int count) {
        String[] types = {"incident", "question", "feature_request", "Billing inquiry"};
        String[] priorities = {"low", "medium", "high", "critical"};
        List<Ticket> tickets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tickets.add(new Ticket(
                    "TCK-" + i,
                    "CLI-" + (i % 17),
                    Instant.ofEpochSecond(T0 + i).toString(),
                    types[i % 4],
                    priorities[i % 4],
                    "Imprimante bloquée " + i,
                    "L'application ne démarre plus après la mise à jour {{name}} <b>vite</b>",
                    "email",
                    0,
                    0,
                    0));
        }
        return tickets;
    }

    private static List<Hostile> hostileTracks(Track base) throws Exception {
        List<Hostile> h = new ArrayList<>();
        h.add(track(base, "timestamp", "10000000000000000", RejectCategory.IMPLAUSIBLE_EVENT_TIME)); // overflows x1000
        h.add(track(base, "timestamp", "1764500000000", RejectCategory.IMPLAUSIBLE_EVENT_TIME)); // ms as seconds
        h.add(track(base, "timestamp", "1e308", RejectCategory.OUT_OF_RANGE));
        h.add(track(base, "timestamp", "-1", RejectCategory.IMPLAUSIBLE_EVENT_TIME));
        h.add(track(
                base,
                "timestamp",
                Long.toString(Instant.now().plus(2, ChronoUnit.DAYS).getEpochSecond()),
                RejectCategory.IMPLAUSIBLE_EVENT_TIME));
        StringBuilder artists = new StringBuilder();
        for (int i = 0; i < 60_000; i++) {
            artists.append("Artist ").append(i).append(';');
        }
        h.add(track(base, "artists", Json.MAPPER.writeValueAsString(artists.toString()), RejectCategory.TOO_LONG));
        h.add(track(base, "duration_ms", "9e18", RejectCategory.OUT_OF_RANGE));
        h.add(track(base, "popularity", "1099511627776", RejectCategory.OUT_OF_RANGE));
        h.add(track(base, "tempo", "\"NaN\"", RejectCategory.WRONG_TYPE));
        h.add(track(base, "tempo", "\"0x1p6\"", RejectCategory.WRONG_TYPE)); // Java's parser reads 64
        h.add(track(base, "popularity", "\"\u0665\u0660\"", RejectCategory.WRONG_TYPE)); // and this 50
        h.add(track(base, "track_genre", "1e400", RejectCategory.WRONG_TYPE)); // was the genre "Infinity"
        h.add(track(base, "record_id", "9007199254740993.0", RejectCategory.OUT_OF_RANGE)); // rounded by the parse
        // two valid tracks in one value: the second was dropped without a dead letter
        byte[] first = track(base, "album_name", "\"first of two\"", null).value();
        byte[] second = track(base, "album_name", "\"second of two\"", null).value();
        h.add(new Hostile(
                "two-in-one",
                (new String(first, StandardCharsets.UTF_8) + "\n" + new String(second, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8),
                RejectCategory.INVALID_JSON));
        h.add(track(base, "loudness", "1e400", RejectCategory.OUT_OF_RANGE));
        h.add(track(base, "track_id", "1.5", RejectCategory.WRONG_TYPE));
        h.add(track(base, "track_genre", "\"" + "g".repeat(300_000) + "\"", RejectCategory.TOO_LONG));
        h.add(track(base, "record_id", "-5", RejectCategory.OUT_OF_RANGE));
        h.add(track(base, "track_name", "\"" + "é".repeat(600) + "\"", RejectCategory.TOO_LONG));
        h.add(track(base, "danceability", "{\"nested\":[1,2,3]}", RejectCategory.WRONG_TYPE));
        h.add(new Hostile(
                "deep",
                ("{\"track_id\":" + "[".repeat(3_000) + "]".repeat(3_000) + "}").getBytes(StandardCharsets.UTF_8),
                RejectCategory.INVALID_JSON));
        h.add(new Hostile("nul", "\u0000\u0000\u0000".getBytes(StandardCharsets.UTF_8), RejectCategory.INVALID_JSON));
        return h;
    }

    /** The base track with one field replaced by raw JSON text (1e400 must stay 1e400, not become Infinity). */
    private static Hostile track(Track base, String field, String rawJson, RejectCategory category) throws Exception {
        ObjectNode node = (ObjectNode) Json.MAPPER.readTree(Json.write(base.withTimestampAndRecordId(T0, 1)));
        node.put("track_id", "hostile-" + field + "-" + Integer.toHexString(rawJson.hashCode()));
        node.put(field, "__RAW__");
        String json = Json.MAPPER.writeValueAsString(node).replace("\"__RAW__\"", rawJson);
        return new Hostile("hostile-track-" + field, json.getBytes(StandardCharsets.UTF_8), category);
    }

    private static List<Hostile> hostileTickets() {
        List<Hostile> h = new ArrayList<>();
        h.add(ticket("created_at", "\"+300000000-01-01T00:00:00Z\"", RejectCategory.IMPLAUSIBLE_EVENT_TIME));
        h.add(ticket("created_at", "\"1999-12-31T23:59:59Z\"", RejectCategory.IMPLAUSIBLE_EVENT_TIME));
        h.add(ticket(
                "created_at",
                "\"" + Instant.now().plus(2, ChronoUnit.DAYS) + "\"",
                RejectCategory.IMPLAUSIBLE_EVENT_TIME));
        h.add(ticket("created_at", "\"2026-02-30T00:00:00Z\"", RejectCategory.WRONG_TYPE));
        h.add(ticket("subject", "\"" + "{{".repeat(100_000) + "\"", RejectCategory.TOO_LONG));
        h.add(ticket("subject", "\"" + "x".repeat(900_000) + "\"", RejectCategory.TOO_LONG));
        h.add(ticket("type", "\"" + "t".repeat(500_000) + "\"", RejectCategory.TOO_LONG));
        h.add(ticket("ticket_id", "12345.5", RejectCategory.WRONG_TYPE));
        h.add(ticket("ticket_id", "{\"id\":1}", RejectCategory.WRONG_TYPE));
        h.add(ticket("priority", "\"" + "p".repeat(900_000) + "\"", RejectCategory.OUT_OF_RANGE));
        h.add(ticket("description", "\"" + "d".repeat(25_000) + "\"", RejectCategory.TOO_LONG));
        h.add(ticket("channel", "\"" + "c".repeat(100) + "\"", RejectCategory.TOO_LONG));
        h.add(ticket("client_id", "null", RejectCategory.MISSING_FIELD));
        h.add(ticket("type", "-1e400", RejectCategory.WRONG_TYPE)); // was the type "-Infinity"
        h.add(new Hostile(
                "two-in-one",
                (new String(ticket("subject", "\"first\"", null).value(), StandardCharsets.UTF_8)
                                + new String(
                                        ticket("subject", "\"second\"", null).value(), StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8),
                RejectCategory.INVALID_JSON));
        h.add(new Hostile("not-json", "{not json".getBytes(StandardCharsets.UTF_8), RejectCategory.INVALID_JSON));
        h.add(new Hostile("array", "[1,2,3]".getBytes(StandardCharsets.UTF_8), RejectCategory.INVALID_JSON));
        h.add(new Hostile("empty", new byte[0], RejectCategory.INVALID_JSON));
        return h;
    }

    private static Hostile ticket(String field, String rawJson, RejectCategory category) {
        Map<String, String> fields = new java.util.LinkedHashMap<>(Map.of(
                "ticket_id",
                "\"hostile-" + field + "-" + rawJson.hashCode() + "\"",
                "client_id",
                "\"C1\"",
                "created_at",
                "\"" + Instant.ofEpochSecond(T0 + 5) + "\"",
                "type",
                "\"incident\"",
                "priority",
                "\"high\"",
                "subject",
                "\"Écran noir\"",
                "description",
                "\"rien ne marche\""));
        fields.put(field, rawJson);
        StringBuilder json = new StringBuilder("{");
        fields.forEach((k, v) -> json.append(json.length() > 1 ? "," : "")
                .append('"')
                .append(k)
                .append("\":")
                .append(v));
        return new Hostile(
                "hostile-ticket-" + field, json.append('}').toString().getBytes(StandardCharsets.UTF_8), category);
    }

    private static Map<String, Long> categories(List<Hostile> tracks, List<Hostile> tickets) {
        Map<String, Long> result = new TreeMap<>();
        tracks.forEach(h -> result.merge("mixed-tracks " + h.category().label(), 1L, Long::sum));
        tickets.forEach(h -> result.merge("mixed-tickets " + h.category().label(), 1L, Long::sum));
        return result;
    }

    private static List<String> teamTopics(String prefix) {
        return PipelineConfig.defaults().routing().teams().stream()
                .map(t -> prefix + "team-" + t)
                .toList();
    }
}
