package io.streamlab.pipeline.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import io.streamlab.pipeline.producer.tickets.SupportCsv;
import io.streamlab.pipeline.producer.tickets.TicketGenerator;
import io.streamlab.pipeline.records.Ticket;
import io.streamlab.pipeline.records.Tickets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class TicketsPublishITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static Cli.Result tickets(String topic, String... flags) {
        List<String> args = new ArrayList<>(
                List.of("tickets", "--kafka.bootstrap.servers", KAFKA.bootstrapServers(), "--topic.tickets", topic));
        args.addAll(Arrays.asList(flags));
        return Cli.run(args.toArray(String[]::new));
    }

    /**
     * A JSON array that never ends, or a second array after the first: refused whole, as a CSV is. (Bytes that
     * are not UTF-8 in an element or a line make that one a rejected row, and the next is read as usual.)
     */
    @Test
    void aFileThatCannotBeReadToItsEndIsRefusedBeforeAnythingIsPublished(@TempDir Path dir) throws Exception {
        String ticket = "{\"ticket_id\":\"T-1\",\"client_id\":\"C\",\"created_at\":\"2025-01-31T10:00:00Z\","
                + "\"type\":\"incident\",\"priority\":\"low\"}";
        Path neverEnds = Files.writeString(
                dir.resolve("never-ends.json"), "[\n" + ticket + ",\n" + ticket.replace("T-1", "T-2"));
        Path twoArrays = Files.writeString(
                dir.resolve("two-arrays.json"), "[\n" + ticket + "\n]\n[\n" + ticket.replace("T-1", "T-2") + "\n]\n");
        Topics.create(KAFKA.bootstrapServers(), "refused-tickets", 3);

        for (Path file : List.of(neverEnds, twoArrays)) {
            Cli.Result refused = tickets("refused-tickets", "--from-file", file.toString());

            assertEquals(2, refused.code(), refused.toString());
            assertTrue(refused.err().contains("--from-file: " + file + ": "), refused.toString());
            assertTrue(refused.err().contains("Nothing was published"), refused.toString());
        }
        assertEquals(0, Topics.count(KAFKA.bootstrapServers(), "refused-tickets"));
    }

    @Test
    void countedTicketsWithASeedArriveCompleteAndValidOnce() throws Exception {
        Instant before = Instant.now().minusSeconds(60);
        Cli.Result first = tickets("generated-tickets", "--count", "200", "--seed", "7");
        assertEquals(0, first.code(), first.toString());
        assertTrue(first.out().contains("Published 200 records to generated-tickets"), first.toString());

        List<ConsumerRecord<String, byte[]>> records = Topics.readAll(KAFKA.bootstrapServers(), "generated-tickets");
        assertEquals(200, records.size());
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            Ticket ticket = Tickets.parse(record.value());
            assertEquals(ticket.ticketId(), record.key(), "key = ticket_id");
            ids.add(ticket.ticketId());
            Instant created = Instant.parse(ticket.createdAt());
            assertTrue(
                    created.isAfter(before) && created.isBefore(Instant.now().plusSeconds(10)),
                    "created_at near now: " + created);
        }
        TicketGenerator generator = new TicketGenerator(7, n -> Instant.EPOCH);
        Set<String> expectedIds = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            expectedIds.add(generator.next().ticketId());
        }
        assertEquals(expectedIds, ids, "200 distinct ids, those of seed 7");

        Cli.Result second = tickets("generated-tickets", "--count", "200", "--seed", "7");
        assertEquals(0, second.code(), second.toString());
        assertTrue(
                second.out().contains("already holds this dataset (200 generated tickets (seed 7)"), second.toString());
        assertEquals(200, Topics.count(KAFKA.bootstrapServers(), "generated-tickets"));

        Cli.Result withoutSeed = tickets("generated-tickets", "--count", "50");
        assertTrue(
                withoutSeed.out().contains("Published 50 records"), "no seed, new tickets every run: " + withoutSeed);
        assertEquals(250, Topics.count(KAFKA.bootstrapServers(), "generated-tickets"));
    }

    @Test
    void aRerunThatSpacesTheTicketsOtherwiseIsAnotherDatasetNotTheOneAlreadyPublished() throws Exception {
        String[] flags = {"--count", "20", "--seed", "3", "--start-time", "2024-05-01T00:00:00Z"};
        Cli.Result fast = tickets("respaced-tickets", concat(flags, "--rate", "200"));
        assertEquals(0, fast.code(), fast.toString());
        Cli.Result same = tickets("respaced-tickets", concat(flags, "--rate", "200"));
        assertTrue(same.out().contains("already holds this dataset"), same.toString());

        // a corrected rate changes every created_at after the first: the records are not those published
        Cli.Result corrected = tickets("respaced-tickets", concat(flags, "--rate", "50"));
        assertEquals(0, corrected.code(), corrected.toString());
        assertTrue(corrected.out().contains("Published 20 records"), corrected.toString());
        Set<String> createdAt = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : Topics.readAll(KAFKA.bootstrapServers(), "respaced-tickets")) {
            createdAt.add(record.key() + "@" + Tickets.parse(record.value()).createdAt());
        }
        assertTrue(createdAt.size() > 20, "the corrected tickets have other creation times: " + createdAt.size());
    }

    private static String[] concat(String[] flags, String... more) {
        List<String> all = new ArrayList<>(Arrays.asList(flags));
        all.addAll(Arrays.asList(more));
        return all.toArray(String[]::new);
    }

    @Test
    void aReplayInCreatedAtOrderReachesEveryPartitionInEventTimeOrder(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("history.jsonl");
        List<Long> offsets = new ArrayList<>();
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 300; i++) {
            offsets.add((long) random.nextInt(3 * 86_400)); // three days of history, in no order
        }
        Instant t0 = Instant.parse("2024-03-01T00:00:00Z");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < offsets.size(); i++) {
            lines.append("{\"ticket_id\":\"H-")
                    .append(i)
                    .append("\",\"client_id\":\"C\",\"type\":\"incident\",")
                    .append("\"priority\":\"low\",\"created_at\":\"")
                    .append(t0.plusSeconds(offsets.get(i)))
                    .append("\"}\n");
        }
        java.nio.file.Files.writeString(file, lines);

        Cli.Result ordered = tickets("ordered-tickets", "--from-file", file.toString(), "--order-by", "created_at");
        assertEquals(0, ordered.code(), ordered.toString());
        assertTrue(ordered.out().contains("Published 300 records to ordered-tickets"), ordered.toString());
        java.util.Map<Integer, List<Long>> byPartition = new java.util.TreeMap<>();
        for (ConsumerRecord<String, byte[]> record : Topics.readAll(KAFKA.bootstrapServers(), "ordered-tickets")) {
            byPartition
                    .computeIfAbsent(record.partition(), p -> new ArrayList<>())
                    .add(Tickets.parse(record.value()).eventTimeMillis());
        }
        assertEquals(300, byPartition.values().stream().mapToInt(List::size).sum());
        byPartition.forEach((partition, times) -> assertEquals(
                times.stream().sorted().toList(), times, "partition " + partition + " in event-time order"));

        Cli.Result again = tickets("ordered-tickets", "--from-file", file.toString(), "--order-by", "created_at");
        assertTrue(again.out().contains("already holds this dataset"), again.toString());
        Cli.Result badOrder = tickets("ordered-tickets", "--from-file", file.toString(), "--order-by", "priority");
        assertEquals(2, badOrder.code(), badOrder.toString());
        assertTrue(
                badOrder.err().contains("invalid value 'priority' for --order-by: expected created_at"),
                badOrder.toString());
    }

    @Test
    void aPacedReplayCommitsEachTicketWhenItIsDue(@TempDir Path dir) throws Exception {
        // 6 tickets a minute apart at --speed 30: one due every 2 s, 10 s in all
        Path file = dir.resolve("paced.jsonl");
        Instant t0 = Instant.parse("2024-03-01T00:00:00Z");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            lines.append("{\"ticket_id\":\"P-")
                    .append(i)
                    .append("\",\"client_id\":\"C\",\"type\":\"incident\",\"priority\":\"low\",\"created_at\":\"")
                    .append(t0.plusSeconds(60L * i))
                    .append("\"}\n");
        }
        Files.writeString(file, lines);
        Topics.create(KAFKA.bootstrapServers(), "paced-tickets", 3);
        var replay = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> tickets("paced-tickets", "--from-file", file.toString(), "--speed", "30"));

        long firstCommit = Topics.awaitFirstCommitted(KAFKA.bootstrapServers(), "paced-tickets");
        long firstSeen = System.nanoTime();
        Cli.Result result = replay.get(120, java.util.concurrent.TimeUnit.SECONDS);
        long afterFirst =
                java.time.Duration.ofNanos(System.nanoTime() - firstSeen).toMillis();
        assertEquals(0, result.code(), result.toString());
        assertEquals(6, Topics.count(KAFKA.bootstrapServers(), "paced-tickets"));
        // one ticket and its commit marker: committed before the wait for the next one, not held through it
        assertEquals(2, firstCommit, "offsets of the first commit");
        // read ahead of time (in chunks of 256), every ticket came in one burst at the end
        assertTrue(afterFirst >= 5_000, "the replay ended " + afterFirst + " ms after the first ticket was committed");
    }

    @Test
    void aRowAboveTheFileRowBoundIsReportedAndTheRestOfTheFileIsPublished(@TempDir Path dir) throws Exception {
        // one row of 20 MB, above limits.file-row.max-bytes (16 MiB): before the bound, the reader held it
        // whole, and a row of a few hundred MB ran the producer out of memory and left it waiting forever
        String ok = "{\"ticket_id\":\"T-%d\",\"client_id\":\"C\",\"created_at\":\"2025-01-31T10:00:00Z\","
                + "\"type\":\"incident\",\"priority\":\"low\"}";
        String huge = String.format(ok, 2).replace("}", ",\"attachment\":\"" + "x".repeat(20_000_000) + "\"}");
        Path lines = dir.resolve("export.jsonl");
        Files.writeString(lines, String.join("\n", String.format(ok, 1), huge, String.format(ok, 3)) + "\n");
        Cli.Result fromLines = tickets("long-row-tickets", "--from-file", lines.toString());
        assertEquals(0, fromLines.code(), fromLines.toString());
        assertTrue(
                fromLines
                        .err()
                        .contains("line 2: is too long: " + huge.length() + " bytes, above "
                                + "limits.file-row.max-bytes (16777216)"),
                fromLines.toString());
        assertTrue(fromLines.out().contains("Published 2 records to long-row-tickets"), fromLines.toString());

        Path array = dir.resolve("export.json");
        Files.writeString(array, "[\n" + String.join(",\n", String.format(ok, 4), huge, String.format(ok, 5)) + "\n]");
        Cli.Result fromArray = tickets("long-row-tickets", "--from-file", array.toString());
        assertEquals(0, fromArray.code(), fromArray.toString());
        assertTrue(fromArray.err().contains("line 3: is too long: "), fromArray.toString());
        assertEquals(
                Set.of("T-1", "T-3", "T-4", "T-5"),
                Topics.readAll(KAFKA.bootstrapServers(), "long-row-tickets").stream()
                        .map(ConsumerRecord::key)
                        .collect(Collectors.toSet()));
    }

    @Test
    void aFileWithoutOneValidRowIsAUsageErrorEveryTime(@TempDir Path dir) throws Exception {
        Path garbage = dir.resolve("garbage.jsonl");
        Files.write(garbage, new byte[] {'{', (byte) 0x8d, '\n', 'x', 'y', '\n', '[', '1', ']', '\n'});
        for (int run = 1; run <= 2; run++) {
            Cli.Result result = tickets("garbage-tickets", "--from-file", garbage.toString());
            assertEquals(2, result.code(), result.toString());
            assertTrue(result.err().contains("none of the 3 rows of the input is valid"), result.toString());
        }
        assertEquals(0, Topics.count(KAFKA.bootstrapServers(), "garbage-tickets"));
    }

    @Test
    void aSupportCsvWithOtherColumnNamesIsReplayedThroughTheMapping() throws Exception {
        Cli.Result first =
                tickets("replayed-tickets", "--from-file", SupportCsv.file().toString(), "--map", SupportCsv.MAPPING);
        assertEquals(0, first.code(), first.toString());
        assertTrue(first.out().contains("Published 3 records to replayed-tickets"), first.toString());
        assertTrue(first.out().contains("invalid 3, failed 0."), first.toString());
        SupportCsv.INVALID.forEach(
                (line, reason) -> assertTrue(first.err().contains("line " + line + ": " + reason), first.toString()));

        List<ConsumerRecord<String, byte[]>> records = Topics.readAll(KAFKA.bootstrapServers(), "replayed-tickets");
        Set<Ticket> received = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            Ticket ticket = Tickets.parse(record.value());
            assertEquals(ticket.ticketId(), record.key());
            received.add(ticket);
        }
        assertEquals(Set.copyOf(SupportCsv.VALID), received);

        Cli.Result again =
                tickets("replayed-tickets", "--from-file", SupportCsv.file().toString(), "--map", SupportCsv.MAPPING);
        assertTrue(
                again.out().contains("already holds this dataset (tickets of tickets-support.csv"), again.toString());
        Cli.Result otherMapping = tickets(
                "replayed-tickets",
                "--from-file",
                SupportCsv.file().toString(),
                "--map",
                SupportCsv.MAPPING.replace("channel=Ticket Channel", "channel=Customer Name"));
        assertTrue(
                otherMapping.out().contains("Published 3 records"),
                "another mapping is another dataset: " + otherMapping);
        assertEquals(
                Set.of("Social media", "Chat", "Phone", "Marisa Obrien", "Jessica Rios", "Rebecca Fleming"),
                Topics.readAll(KAFKA.bootstrapServers(), "replayed-tickets").stream()
                        .map(r -> parse(r).channel())
                        .collect(Collectors.toSet()));
    }

    private static Ticket parse(ConsumerRecord<String, byte[]> record) {
        try {
            return Tickets.parse(record.value());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
