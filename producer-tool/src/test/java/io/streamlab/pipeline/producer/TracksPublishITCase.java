package io.streamlab.pipeline.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import io.streamlab.pipeline.producer.publish.DatasetRegistry;
import io.streamlab.pipeline.producer.publish.Publisher;
import io.streamlab.pipeline.producer.publish.TransactionalPublisher;
import io.streamlab.pipeline.producer.tracks.QuirksCsv;
import io.streamlab.pipeline.producer.tracks.SyntheticTracks;
import io.streamlab.pipeline.records.Track;
import io.streamlab.pipeline.records.Tracks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class TracksPublishITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static Cli.Result tracks(String topic, String... flags) {
        List<String> args = new ArrayList<>(
                List.of("tracks", "--kafka.bootstrap.servers", KAFKA.bootstrapServers(), "--topic.tracks", topic));
        args.addAll(Arrays.asList(flags));
        return Cli.run(args.toArray(String[]::new));
    }

    private static String datasetId(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(Publisher.DATASET_HEADER);
        assertNotNull(header, "every record carries the dataset-id header");
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * A chunk is sent again from memory if its transaction fails, so it is bounded: with a commit interval
     * far longer than the run, 250,000 tracks are still committed 100,000 at a time, each chunk with its
     * progress marker.
     */
    @Test
    void aTransactionHoldsAtMostTheChunkBoundWhateverTheCommitInterval() throws Exception {
        Topics.create(KAFKA.bootstrapServers(), "chunked-tracks", 3);
        Cli.Result run = tracks("chunked-tracks", "--synthetic", "250000", "--seed", "5", "--commit-interval", "30s");
        assertEquals(0, run.code(), run.toString());

        List<Long> committedAtEachMarker = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : Topics.readAll(KAFKA.bootstrapServers(), DatasetRegistry.TOPIC)) {
            if (r.key().startsWith("chunked-tracks/")) {
                committedAtEachMarker.add(
                        DatasetRegistry.Marker.parse(r.value()).records());
            }
        }
        assertEquals(
                List.of(
                        (long) TransactionalPublisher.MAX_CHUNK_RECORDS,
                        2L * TransactionalPublisher.MAX_CHUNK_RECORDS,
                        250_000L),
                committedAtEachMarker,
                "one marker per committed chunk");
        assertEquals(250_000, Topics.count(KAFKA.bootstrapServers(), "chunked-tracks"));
    }

    @Test
    void theQuirkyCsvArrivesFieldByFieldOnceAndAgainWithForce() throws Exception {
        long before = Instant.now().getEpochSecond();
        Cli.Result first = tracks("csv-tracks", "--file", QuirksCsv.file().toString());
        long after = Instant.now().getEpochSecond();

        assertEquals(0, first.code(), first.toString());
        assertTrue(first.out().contains("Published 9 records to csv-tracks"), first.toString());
        assertTrue(first.out().contains("invalid 4, failed 0."), first.toString());
        QuirksCsv.INVALID.forEach((line, reason) -> assertTrue(
                first.err().contains("WARN  line " + line + ": " + reason + " (not published)"), first.toString()));
        assertEquals(4, first.err().lines().count(), "one line per invalid row: " + first);

        List<ConsumerRecord<String, byte[]>> records = Topics.readAll(KAFKA.bootstrapServers(), "csv-tracks");
        assertEquals(9, records.size());
        Map<Long, Track> byRecordId =
                QuirksCsv.VALID.stream().collect(Collectors.toMap(Track::recordId, Function.identity()));
        for (ConsumerRecord<String, byte[]> record : records) {
            Track track = Tracks.parse(record.value());
            assertEquals(track.trackId(), record.key(), "key = track_id");
            assertTrue(
                    track.timestamp() >= before && track.timestamp() <= after,
                    "timestamp = publish time: " + track.timestamp());
            assertEquals(byRecordId.get(track.recordId()), track.withTimestampAndRecordId(0, track.recordId()));
            String json = new String(record.value(), StandardCharsets.UTF_8);
            assertTrue(
                    json.startsWith("{\"record_id\":" + track.recordId() + ",\"track_id\":\"" + track.trackId() + "\""),
                    json);
        }
        assertEquals(
                1,
                records.stream().map(TracksPublishITCase::datasetId).distinct().count());

        Cli.Result second = tracks("csv-tracks", "--file", QuirksCsv.file().toString());
        assertEquals(0, second.code(), second.toString());
        assertTrue(
                second.out().contains("csv-tracks already holds this dataset (tracks of tracks-quirks.csv"),
                second.toString());
        assertTrue(second.out().contains("9 records published at"), second.toString());
        assertEquals("", second.err(), second.toString());
        assertEquals(9, Topics.count(KAFKA.bootstrapServers(), "csv-tracks"));

        Cli.Result forced = tracks("csv-tracks", "--file", QuirksCsv.file().toString(), "--force");
        assertEquals(0, forced.code(), forced.toString());
        assertTrue(forced.out().contains("Published 9 records to csv-tracks"), forced.toString());
        assertEquals(18, Topics.count(KAFKA.bootstrapServers(), "csv-tracks"));
    }

    /**
     * A defect past the first rows stopped the publish there with the rows before it committed; every re-run
     * stopped at the same place, and the fixed file, another dataset, was then published again from its start.
     */
    @Test
    void aFileThatCannotBeReadToItsEndIsRefusedBeforeAnythingIsPublished(@TempDir Path dir) throws Exception {
        byte[] valid = Files.readAllBytes(QuirksCsv.file());
        Path notUtf8 = dir.resolve("not-utf8-at-the-end.csv");
        Files.write(notUtf8, concat(valid, "\n99,tid,Ana,Album,Song,".getBytes(StandardCharsets.US_ASCII), new byte[] {
            (byte) 0xC3, (byte) 0x28, '\n'
        }));
        Path unclosed = dir.resolve("quote-never-closed.csv");
        Files.write(unclosed, concat(valid, "\n99,tid,\"Ana,Album,Song\n".getBytes(StandardCharsets.US_ASCII)));
        Topics.create(KAFKA.bootstrapServers(), "refused-tracks", 3);

        for (Path file : List.of(notUtf8, unclosed)) {
            Cli.Result refused = tracks("refused-tracks", "--file", file.toString());

            assertEquals(2, refused.code(), refused.toString());
            assertTrue(refused.err().contains("--file: " + file + ": "), refused.toString());
            assertTrue(refused.err().contains("Nothing was published"), refused.toString());
            assertTrue(!refused.out().contains("Published"), refused.toString());
        }
        assertEquals(0, Topics.count(KAFKA.bootstrapServers(), "refused-tracks"));
    }

    /**
     * A pause of --delay-ms, or the wait for the next record's turn at a slow --rate, kept the chunk's
     * transaction open: a wait longer than the transaction timeout had every chunk aborted by the broker, and
     * read_committed readers of the topic waited meanwhile.
     */
    @Test
    void whatWasSentBeforeAPauseIsCommittedBeforeIt() throws Exception {
        assertCommittedBeforeTheWait(
                "paused-tracks",
                5,
                "tracks",
                "--topic.tracks",
                "paused-tracks",
                "--synthetic",
                "10",
                "--seed",
                "3",
                "--batch-size",
                "5",
                "--delay-ms",
                "120000");
        assertCommittedBeforeTheWait(
                "slow-tickets",
                1,
                "tickets",
                "--topic.tickets",
                "slow-tickets",
                "--count",
                "10",
                "--seed",
                "3",
                "--rate",
                "0.01");
    }

    /** The first {@code visible} records of {@code command} are committed while it waits 100 s or more. */
    private static void assertCommittedBeforeTheWait(String topic, int visible, String... command)
            throws InterruptedException {
        StopSignal stop = new StopSignal();
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of("--kafka.bootstrap.servers", KAFKA.bootstrapServers()));
        Cli.Result[] result = new Cli.Result[1];
        Thread run = new Thread(() -> result[0] = Cli.run(java.util.Map.of(), stop, args.toArray(String[]::new)));
        run.start();
        try {
            // within 60 s, while the run waits 100 s or more
            Topics.awaitRecords(KAFKA.bootstrapServers(), topic, visible);
            assertTrue(run.isAlive(), "still waiting");
        } finally {
            stop.request();
            run.join(60_000);
        }
        assertEquals(130, result[0].code(), result[0].toString());
        assertEquals(visible, Topics.count(KAFKA.bootstrapServers(), topic));
    }

    @Test
    void aCommitIntervalLongerThanATransactionMayStayOpenIsRefused() {
        Cli.Result refused = tracks("never-published", "--synthetic", "10", "--commit-interval", "2min");
        assertEquals(2, refused.code(), refused.toString());
        assertTrue(
                refused.err().contains("invalid value '2min' for --commit-interval: expected a duration up to 30s"),
                refused.toString());
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    @Test
    void syntheticTracksArriveAsGeneratedAndAreNotPublishedTwice() throws Exception {
        Instant start = Instant.parse("2025-01-01T00:00:00Z");
        Cli.Result first = tracks(
                "synthetic-tracks",
                "--synthetic",
                "3000",
                "--seed",
                "5",
                "--start-time",
                start.toString(),
                "--batch-size",
                "700");
        assertEquals(0, first.code(), first.toString());
        assertTrue(first.out().contains("Published 3,000 records to synthetic-tracks"), first.toString());
        assertTrue(first.out().contains("Created topic synthetic-tracks (3 partitions)"), first.toString());

        SyntheticTracks generator = new SyntheticTracks(5, start, 100);
        Map<String, Track> expected = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            Track t = generator.next();
            expected.put(t.trackId(), t);
        }
        List<ConsumerRecord<String, byte[]>> records = Topics.readAll(KAFKA.bootstrapServers(), "synthetic-tracks");
        assertEquals(3000, records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            assertEquals(expected.get(record.key()), Tracks.parse(record.value()));
        }

        Cli.Result again =
                tracks("synthetic-tracks", "--synthetic", "3000", "--seed", "5", "--start-time", start.toString());
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().contains("already holds this dataset"), again.toString());
        Cli.Result otherSeed =
                tracks("synthetic-tracks", "--synthetic", "3000", "--seed", "6", "--start-time", start.toString());
        assertTrue(
                otherSeed.out().contains("Published 3,000 records"), "another seed is another dataset: " + otherSeed);
        assertEquals(6000, Topics.count(KAFKA.bootstrapServers(), "synthetic-tracks"));
    }

    @Test
    void aDeletedAndRecreatedTopicGetsTheDatasetAgain() throws Exception {
        assertEquals(
                0,
                tracks("recreated-tracks", "--synthetic", "500", "--seed", "1").code());
        try (Admin admin = Admin.create(
                Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            admin.deleteTopics(Set.of("recreated-tracks")).all().get();
        }
        Topics.create(KAFKA.bootstrapServers(), "recreated-tracks", 3);

        Cli.Result again = tracks("recreated-tracks", "--synthetic", "500", "--seed", "1");
        assertEquals(0, again.code(), again.toString());
        assertTrue(
                again.out()
                        .contains(
                                "was published to recreated-tracks before, but the topic was deleted and created again since"),
                again.toString());
        assertTrue(again.out().contains("Published 500 records"), again.toString());
        assertEquals(500, Topics.count(KAFKA.bootstrapServers(), "recreated-tracks"));
    }

    @Test
    void aDatasetWhoseRecordsRetentionDeletedIsPublishedAgain() throws Exception {
        assertEquals(
                0, tracks("expired-tracks", "--synthetic", "500", "--seed", "2").code());
        // what retention does to old segments: the records are gone, the topic (and its id) stays
        try (Admin admin = Admin.create(
                Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            Map<TopicPartition, RecordsToDelete> all = new HashMap<>();
            for (TopicPartitionInfo p : admin.describeTopics(Set.of("expired-tracks"))
                    .allTopicNames()
                    .get()
                    .get("expired-tracks")
                    .partitions()) {
                TopicPartition tp = new TopicPartition("expired-tracks", p.partition());
                long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest()))
                        .partitionResult(tp)
                        .get()
                        .offset();
                all.put(tp, RecordsToDelete.beforeOffset(end));
            }
            admin.deleteRecords(all).all().get();
        }
        assertEquals(0, Topics.count(KAFKA.bootstrapServers(), "expired-tracks"));

        Cli.Result again = tracks("expired-tracks", "--synthetic", "500", "--seed", "2");
        assertEquals(0, again.code(), again.toString());
        assertTrue(
                again.out().contains("the topic holds 0 records now, fewer than the 500 published"), again.toString());
        assertTrue(again.out().contains("Published 500 records"), again.toString());
        assertEquals(500, Topics.count(KAFKA.bootstrapServers(), "expired-tracks"));
    }
}
