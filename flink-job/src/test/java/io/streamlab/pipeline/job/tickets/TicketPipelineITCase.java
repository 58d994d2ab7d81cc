package io.streamlab.pipeline.job.tickets;

import static io.streamlab.pipeline.job.testing.ParquetDatasets.lng;
import static io.streamlab.pipeline.job.testing.ParquetDatasets.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.datasets.TeamStats;
import io.streamlab.pipeline.datasets.TypeStats;
import io.streamlab.pipeline.datasets.WordCount;
import io.streamlab.pipeline.job.FlinkSettings;
import io.streamlab.pipeline.job.PipelineJob;
import io.streamlab.pipeline.job.testing.KafkaTopics;
import io.streamlab.pipeline.job.testing.ParquetDatasets;
import io.streamlab.pipeline.job.testing.Rows;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.job.tickets.TestTickets.Generated;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import io.streamlab.pipeline.records.EnrichedTicket;
import io.streamlab.pipeline.records.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ticket side end to end on a real broker and a mini cluster, bounded: generated tickets and
 * malformed ones go into {@code client_tickets}; the job runs to its end (its final checkpoint commits
 * the Kafka transactions and the Parquet part files); then every output is compared with what the test
 * computes on its own from the generated tickets.
 */
class TicketPipelineITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    static final long WINDOW_MS = 60_000;
    /** 400 tickets 750 ms apart from here: five one-minute windows (and a sliver of the one before). */
    static final long T0 = Instant.parse("2025-03-04T10:00:00Z").toEpochMilli();

    /** Before anything of the test was written: the Kafka timestamps of the job's records are later. */
    private final long testStarted = System.currentTimeMillis();

    static final int MAX_DESCRIPTION = 5_000;

    /** The default routing, written out independently of the configuration code. */
    static final Map<String, String> DEFAULT_TEAMS =
            Map.of("incident", "incident", "question", "support_general", "feature_request", "produit");

    @TempDir
    Path work;

    @Test
    void routesEnrichesAndCountsEveryValidTicketExactlyOnceAndDeadLettersTheRest() throws Exception {
        PipelineConfig config = TestPipelines.config(
                KAFKA.bootstrapServers(),
                work,
                "--job.bounded",
                "true",
                "--tickets.description.max-chars",
                Integer.toString(MAX_DESCRIPTION));
        KafkaTopics.createAll(KAFKA.broker(), config);
        String topic = config.topics().tickets();
        Path output = Path.of(config.outputDir());

        List<Generated> tickets = TestTickets.generate("T-", 400, T0, 750, 42);
        KafkaTopics.publish(KAFKA.bootstrapServers(), topic, entries(tickets));
        Map<String, String> bad = badTickets(tickets.get(0));
        KafkaTopics.publish(
                KAFKA.bootstrapServers(),
                topic,
                bad.entrySet().stream()
                        .map(e -> Map.entry(e.getKey(), e.getValue().getBytes(StandardCharsets.UTF_8)))
                        .toList());

        run(config);

        Function<Generated, String> teamOf = g -> DEFAULT_TEAMS.getOrDefault(g.normalisedType(), "support_general");
        assertTeamTopics(config, tickets, teamOf);
        assertEnrichedDataset(output, tickets, teamOf, Tokenizer.of(config.tickets()));
        assertStats(output, tickets, teamOf, Tokenizer.of(config.tickets()));

        // dead letters: one per malformed record, in the dataset and on the topic, each with its reason
        List<GenericRecord> deadLetters = ParquetDatasets.read(output, "dead_letters");
        Map<String, String> reasons = new TreeMap<>();
        for (GenericRecord r : deadLetters) {
            assertEquals(topic, str(r, "source_topic"));
            assertTrue(lng(r, "offset") >= 0, "a dead letter points at its source offset");
            String key = bad.entrySet().stream()
                    .filter(e -> e.getValue().startsWith(str(r, "raw")))
                    .map(Map.Entry::getKey)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("unexpected " + r));
            assertNull(reasons.put(key, str(r, "reason")), "one dead letter per bad record: " + key);
        }
        assertEquals(bad.keySet(), reasons.keySet(), reasons.toString());
        assertTrue(reasons.get("bad-json").startsWith("invalid JSON"), reasons.toString());
        assertEquals("missing required field 'ticket_id'", reasons.get("no-ticket-id"));
        assertEquals("missing required field 'client_id'", reasons.get("no-client-id"));
        assertEquals("missing required field 'type'", reasons.get("no-type"));
        assertEquals(
                "field 'created_at' is not an ISO-8601 timestamp: 'yesterday at noon'", reasons.get("bad-created-at"));
        assertTrue(reasons.get("bad-priority").startsWith("unknown priority 'urgent'"), reasons.toString());
        assertTrue(
                reasons.get("too-long").startsWith("field 'description' is too long: 5001 characters"),
                reasons.toString());

        List<ConsumerRecord<String, String>> deadLetterTopic = KafkaTopics.readCommitted(
                KAFKA.bootstrapServers(), config.topics().deadLetters());
        assertEquals(bad.size(), deadLetterTopic.size());
        for (ConsumerRecord<String, String> r : deadLetterTopic) {
            JsonNode dl = Json.MAPPER.readTree(r.value());
            assertTrue(r.key().startsWith(topic + "/"), "keyed by topic/partition/offset: " + r.key());
            assertTrue(r.timestamp() >= testStarted, "write time as Kafka timestamp: " + r.timestamp());
            assertTrue(reasons.containsValue(dl.get("reason").asText()), dl.toString());
        }
        assertEquals(List.of(), ParquetDatasets.uncommittedFiles(output), "nothing left uncommitted");
    }

    @Test
    void newTicketTypesAndANewTeamAreRoutedByConfigurationAlone() throws Exception {
        PipelineConfig config = TestPipelines.config(
                KAFKA.bootstrapServers(),
                work,
                "--job.bounded",
                "true",
                "--topic.tickets",
                "routing_tickets",
                "--topic.tracks",
                "routing_tracks",
                "--topic.dead-letters",
                "routing_dead_letters",
                "--teams",
                "incident,support_general,produit,facturation",
                "--team.incident.topic",
                "routing_incident",
                "--team.support_general.topic",
                "routing_support_general",
                "--team.produit.topic",
                "routing_produit",
                "--team.facturation.topic",
                "routing_facturation",
                "--routing.type.technical_issue",
                "incident",
                "--routing.type.billing_inquiry",
                "produit",
                "--routing.type.refund_request",
                "facturation");
        KafkaTopics.createAll(KAFKA.broker(), config);
        List<Generated> tickets = TestTickets.generate("R-", 120, T0, 1_500, 7);
        KafkaTopics.publish(KAFKA.bootstrapServers(), config.topics().tickets(), entries(tickets));

        run(config);

        Map<String, String> teams = new HashMap<>(DEFAULT_TEAMS);
        teams.putAll(
                Map.of("technical_issue", "incident", "billing_inquiry", "produit", "refund_request", "facturation"));
        Function<Generated, String> teamOf = g -> teams.getOrDefault(g.normalisedType(), "support_general");
        assertTrue(tickets.stream().anyMatch(g -> g.type().raw().equals("Technical issue")));
        assertTrue(tickets.stream().anyMatch(g -> g.type().raw().equals(" billing  INQUIRY ")));
        assertTrue(tickets.stream().anyMatch(g -> teamOf.apply(g).equals("facturation")));
        assertTeamTopics(config, tickets, teamOf);
        assertStats(Path.of(config.outputDir()), tickets, teamOf, Tokenizer.of(config.tickets()));
    }

    private static void run(PipelineConfig config) throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.toConfiguration(config));
        PipelineJob.prepare(env, config).execute("ticket-pipeline-itcase");
    }

    /** Every valid ticket exactly once, in exactly its team's topic, keyed by ticket_id. */
    private void assertTeamTopics(PipelineConfig config, List<Generated> tickets, Function<Generated, String> teamOf)
            throws Exception {
        Map<String, String> expected = new TreeMap<>();
        tickets.forEach(
                g -> expected.put(g.ticketId(), config.routing().teamTopics().get(teamOf.apply(g))));
        Map<String, String> actual = new TreeMap<>();
        for (Map.Entry<String, String> team : config.routing().teamTopics().entrySet()) {
            for (ConsumerRecord<String, String> r :
                    KafkaTopics.readCommitted(KAFKA.bootstrapServers(), team.getValue())) {
                JsonNode json = Json.MAPPER.readTree(r.value());
                assertEquals(r.key(), json.get("ticket_id").asText(), "keyed by ticket_id");
                assertTrue(
                        r.timestamp() >= testStarted,
                        "Kafka timestamp is the write time, not the event time (2025): " + r.timestamp());
                assertEquals(team.getKey(), json.get("team").asText());
                String before = actual.put(r.key(), team.getValue());
                assertNull(before, "ticket " + r.key() + " twice: in " + before + " and " + team.getValue());
            }
        }
        assertEquals(expected, actual);
    }

    private static void assertEnrichedDataset(
            Path output, List<Generated> tickets, Function<Generated, String> teamOf, Tokenizer tokenizer) {
        Map<String, EnrichedTicket> rows = new HashMap<>();
        for (EnrichedTicket e : Rows.as(ParquetDatasets.read(output, "tickets_enriched"), EnrichedTicket.class)) {
            assertNull(rows.put(e.ticketId(), e), "ticket " + e.ticketId() + " twice in tickets_enriched");
        }
        assertEquals(tickets.size(), rows.size());
        for (Generated g : tickets) {
            EnrichedTicket e = rows.get(g.ticketId());
            assertEquals(
                    new EnrichedTicket(
                            g.ticketId(),
                            g.clientId(),
                            DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(g.createdAtMillis())),
                            g.type().raw().trim(),
                            g.priority(),
                            g.subject(),
                            g.description(),
                            g.channel(),
                            teamOf.apply(g),
                            List.of("low", "medium", "high", "critical").indexOf(g.priority()) + 1,
                            tokenizer.keywords(g.subject(), g.description()),
                            e.processedAt()),
                    e);
            assertTrue(e.processedAt() > T0, "processed_at is the processing time");
        }
    }

    /** stats_by_type, stats_by_team and word_frequency against figures computed here. */
    private static void assertStats(
            Path output, List<Generated> tickets, Function<Generated, String> teamOf, Tokenizer tokenizer) {
        Map<String, long[]> byType = new TreeMap<>();
        Map<String, Set<String>> clients = new HashMap<>();
        Map<String, long[]> byTeam = new TreeMap<>();
        Map<String, Long> words = new TreeMap<>();
        for (Generated g : tickets) {
            long start = Math.floorDiv(g.createdAtMillis(), WINDOW_MS) * WINDOW_MS;
            int p = List.of("low", "medium", "high", "critical").indexOf(g.priority());
            String typeKey = start + "|" + g.normalisedType();
            count(byType.computeIfAbsent(typeKey, k -> new long[5]), p);
            clients.computeIfAbsent(typeKey, k -> new HashSet<>()).add(g.clientId());
            count(byTeam.computeIfAbsent(start + "|" + teamOf.apply(g), k -> new long[5]), p);
            for (String w : tokenizer.keywords(g.subject(), g.description())) {
                words.merge(start + "|" + w, 1L, Long::sum);
            }
        }
        Map<String, TypeStats> expectedTypes = new TreeMap<>();
        byType.forEach((k, c) -> {
            String[] parts = k.split("\\|", 2);
            long start = Long.parseLong(parts[0]);
            expectedTypes.put(
                    k,
                    new TypeStats(
                            start,
                            start + WINDOW_MS,
                            parts[1],
                            c[0],
                            c[1],
                            c[2],
                            c[3],
                            c[4],
                            clients.get(k).size()));
        });
        Map<String, TeamStats> expectedTeams = new TreeMap<>();
        byTeam.forEach((k, c) -> {
            String[] parts = k.split("\\|", 2);
            long start = Long.parseLong(parts[0]);
            expectedTeams.put(k, new TeamStats(start, start + WINDOW_MS, parts[1], c[0], c[1], c[2], c[3], c[4]));
        });
        Map<String, WordCount> expectedWords = new TreeMap<>();
        words.forEach((k, n) -> {
            String[] parts = k.split("\\|", 2);
            long start = Long.parseLong(parts[0]);
            expectedWords.put(k, new WordCount(start, start + WINDOW_MS, parts[1], n));
        });
        assertTrue(
                expectedTypes.keySet().stream()
                                .map(k -> k.split("\\|")[0])
                                .distinct()
                                .count()
                        >= 3,
                "tickets spread over three windows or more");

        assertEquals(
                expectedTypes,
                keyed(
                        Rows.as(ParquetDatasets.read(output, "stats_by_type"), TypeStats.class),
                        s -> s.windowStart() + "|" + s.type()));
        assertEquals(
                expectedTeams,
                keyed(
                        Rows.as(ParquetDatasets.read(output, "stats_by_team"), TeamStats.class),
                        s -> s.windowStart() + "|" + s.team()));
        assertEquals(
                expectedWords,
                keyed(
                        Rows.as(ParquetDatasets.read(output, "word_frequency"), WordCount.class),
                        s -> s.windowStart() + "|" + s.word()));
    }

    private static void count(long[] c, int priority) {
        c[0]++;
        c[priority + 1]++;
    }

    private static <T> Map<String, T> keyed(List<T> rows, Function<T, String> key) {
        Map<String, T> result = new TreeMap<>();
        rows.forEach(r -> assertNull(result.put(key.apply(r), r), "one row per window and key: " + key.apply(r)));
        return result;
    }

    private static List<Map.Entry<String, byte[]>> entries(List<Generated> tickets) {
        List<Map.Entry<String, byte[]>> entries = new ArrayList<>();
        tickets.forEach(g -> entries.add(Map.entry(g.ticketId(), g.json())));
        return entries;
    }

    /** One record per way a ticket can break the contract, by a name for the assertions. */
    private static Map<String, String> badTickets(Generated valid) throws Exception {
        Map<String, String> bad = new TreeMap<>();
        bad.put("bad-json", "{\"ticket_id\": \"B-1\", \"client_id\": ");
        bad.put("no-ticket-id", with(valid, "ticket_id", null));
        bad.put("no-client-id", with(valid, "client_id", null));
        bad.put("no-type", with(valid, "type", "  "));
        bad.put("bad-created-at", with(valid, "created_at", "yesterday at noon"));
        bad.put("bad-priority", with(valid, "priority", "urgent"));
        bad.put("too-long", with(valid, "description", "é".repeat(MAX_DESCRIPTION + 1)));
        return bad;
    }

    private static String with(Generated valid, String field, String value) throws Exception {
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(valid.json());
        node.put("ticket_id", "B-" + field);
        if (value == null) {
            node.remove(field);
        } else {
            node.put(field, value);
        }
        return Json.MAPPER.writeValueAsString(node);
    }
}
