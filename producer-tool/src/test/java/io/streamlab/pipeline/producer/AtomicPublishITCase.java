package io.streamlab.pipeline.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import io.streamlab.pipeline.producer.publish.DatasetRegistry;
import io.streamlab.pipeline.producer.publish.PublishRun;
import io.streamlab.pipeline.producer.publish.RecordSources;
import io.streamlab.pipeline.producer.publish.Rejects;
import io.streamlab.pipeline.producer.publish.SourcePosition;
import io.streamlab.pipeline.producer.tickets.TicketFileReader;
import io.streamlab.pipeline.producer.tickets.TicketGenerator;
import io.streamlab.pipeline.producer.tickets.TicketsCommand;
import io.streamlab.pipeline.records.Json;
import io.streamlab.pipeline.records.Ticket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A dataset is on its topic completely, or partly and resumable exactly where it stopped, whatever
 * kills the producer: here SIGKILL of a producer JVM mid-publish, then a second run.
 */
class AtomicPublishITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    private static String[] args(String command, String topicKey, String topic, String... flags) {
        List<String> args = new ArrayList<>(
                List.of(command, "--kafka.bootstrap.servers", KAFKA.bootstrapServers(), topicKey, topic));
        args.addAll(Arrays.asList(flags));
        return args.toArray(String[]::new);
    }

    private static String[] concat(String[] a, String... b) {
        List<String> all = new ArrayList<>(Arrays.asList(a));
        all.addAll(Arrays.asList(b));
        return all.toArray(String[]::new);
    }

    /** SIGKILLs a child producer once the topic holds {@code committed} committed records; returns the marker left. */
    private static DatasetRegistry.Marker killAfter(String topic, long committed, long total, String... args)
            throws Exception {
        return killAfter(topic, 0, committed, total, args);
    }

    /**
     * SIGKILLs a child producer once it has committed {@code committed} records to a topic that held
     * {@code before} already; returns the marker left, which counts the child's records only.
     */
    private static DatasetRegistry.Marker killAfter(
            String topic, long before, long committed, long total, String... args) throws Exception {
        try (ChildProducer child = ChildProducer.start(args)) {
            Topics.awaitRecords(KAFKA.bootstrapServers(), topic, before + committed);
            assertThat(child.isAlive())
                    .as("still publishing when killed: %s", child.output())
                    .isTrue();
            assertThat(child.kill()).as("killed by SIGKILL").isEqualTo(137);
        }
        // The killed run's open transaction stays invisible. A commit it had already decided is completed by
        // Kafka a moment later; once that is done a read_committed reader sees exactly what the marker counts.
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            DatasetRegistry.Marker marker =
                    ExactlyOnce.marker(KAFKA.bootstrapServers(), topic).orElseThrow();
            long held = Topics.count(KAFKA.bootstrapServers(), topic) - before;
            if (held == marker.records() || System.nanoTime() > deadline) {
                assertThat(held).as("committed records = the marker's count").isEqualTo(marker.records());
                assertThat(marker.complete()).isFalse();
                assertThat(marker.records()).isBetween(committed, total - 1);
                return marker;
            }
            Thread.sleep(100);
        }
    }

    /**
     * SIGTERM (Ctrl+C sends SIGINT, handled the same way) runs the JVM's shutdown hook: the run commits what
     * it sent, prints its summary and exits 130, with the marker counting exactly the committed records; the
     * next run resumes there.
     */
    @Test
    void aPublishStoppedBySigtermCommitsWhatItSentExits130AndIsResumedExactlyOnce() throws Exception {
        Topics.create(KAFKA.bootstrapServers(), "terminated-tracks", 3);
        String[] run = args(
                "tracks",
                "--topic.tracks",
                "terminated-tracks",
                "--synthetic",
                "100000",
                "--seed",
                "11",
                "--start-time",
                START.toString());
        int code;
        String output;
        try (ChildProducer child = ChildProducer.start(concat(run, "--batch-size", "500", "--delay-ms", "50"))) {
            Topics.awaitRecords(KAFKA.bootstrapServers(), "terminated-tracks", 3000);
            assertThat(child.isAlive())
                    .as("still publishing: %s", child.output())
                    .isTrue();
            code = child.terminate();
            output = child.output();
        }
        assertThat(code).as(output).isEqualTo(130);
        long committed = Topics.count(KAFKA.bootstrapServers(), "terminated-tracks");
        assertThat(committed).isBetween(3000L, 99_999L);
        assertThat(output)
                .contains("Stopped before the end of the input: " + Format.count(committed)
                        + " records of the dataset are committed on terminated-tracks")
                .contains("failed 0.");
        DatasetRegistry.Marker marker = ExactlyOnce.marker(KAFKA.bootstrapServers(), "terminated-tracks")
                .orElseThrow();
        assertThat(marker.complete()).isFalse();
        assertThat(marker.records()).isEqualTo(committed);

        Cli.Result again = Cli.run(run);
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.out()).contains(" at record " + Format.count(committed) + " of 100,000: ");
        ExactlyOnce.assertHoldsTracks(KAFKA.bootstrapServers(), "terminated-tracks", 11, START, 100_000);
    }

    /** Continuous tickets have no end to stop before: SIGTERM is how they end, exit 0. */
    @Test
    void continuousTicketsStoppedBySigtermExit0WithEverythingSentOnTheTopic() throws Exception {
        Topics.create(KAFKA.bootstrapServers(), "terminated-tickets", 3);
        int code;
        String output;
        try (ChildProducer child = ChildProducer.start(args(
                "tickets",
                "--topic.tickets",
                "terminated-tickets",
                "--continuous",
                "--rate",
                "2000",
                "--batch-size",
                "100"))) {
            Topics.awaitRecords(KAFKA.bootstrapServers(), "terminated-tickets", 2000);
            code = child.terminate();
            output = child.output();
        }
        assertThat(code).as(output).isZero();
        assertThat(output).contains("failed 0.");
        Matcher published =
                Pattern.compile("Stopped after publishing ([\\d,]+) records").matcher(output);
        assertThat(published.find()).as(output).isTrue();
        assertThat(Topics.count(KAFKA.bootstrapServers(), "terminated-tickets"))
                .as("every record counted as published is on the topic")
                .isEqualTo(Long.parseLong(published.group(1).replace(",", "")));
    }

    @Test
    void syntheticTracksKilledMidPublishAreResumedAndEndUpOnTheTopicExactlyOnce() throws Exception {
        Topics.create(KAFKA.bootstrapServers(), "killed-tracks", 3);
        String[] run = args(
                "tracks",
                "--topic.tracks",
                "killed-tracks",
                "--synthetic",
                "100000",
                "--seed",
                "9",
                "--start-time",
                START.toString());
        // slowed down (at most 10,000 records/s) so that it is surely killed half-way
        DatasetRegistry.Marker marker =
                killAfter("killed-tracks", 3000, 100_000, concat(run, "--batch-size", "500", "--delay-ms", "50"));

        Cli.Result again = Cli.run(run);
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.out())
                .contains("Resuming dataset ")
                .contains(" at record " + Format.count(marker.records()) + " of 100,000: ")
                .contains("Published " + Format.count(100_000 - marker.records()) + " records to killed-tracks")
                .contains("100,000 records of the dataset committed in all.");
        ExactlyOnce.assertHoldsTracks(KAFKA.bootstrapServers(), "killed-tracks", 9, START, 100_000);
        DatasetRegistry.Marker complete =
                ExactlyOnce.marker(KAFKA.bootstrapServers(), "killed-tracks").orElseThrow();
        assertThat(complete.complete()).isTrue();
        assertThat(complete.records()).isEqualTo(100_000);
        assertThat(complete.startedAt()).isEqualTo(marker.startedAt());

        Cli.Result third = Cli.run(run);
        assertThat(third.out()).as(third.toString()).contains("killed-tracks already holds this dataset");
        assertThat(Topics.count(KAFKA.bootstrapServers(), "killed-tracks")).isEqualTo(100_000);
    }

    /** Generated tickets with a seed and a start are a dataset too: killed, they resume as tracks do. */
    @Test
    void generatedTicketsKilledMidPublishAreResumedAndEndUpOnTheTopicExactlyOnce() throws Exception {
        Topics.create(KAFKA.bootstrapServers(), "killed-generated-tickets", 3);
        String[] run = args(
                "tickets",
                "--topic.tickets",
                "killed-generated-tickets",
                "--count",
                "60000",
                "--seed",
                "21",
                "--start-time",
                START.toString());
        DatasetRegistry.Marker marker = killAfter(
                "killed-generated-tickets", 3000, 60_000, concat(run, "--batch-size", "500", "--delay-ms", "50"));

        Cli.Result again = Cli.run(run);
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.out())
                .contains(" at record " + Format.count(marker.records()) + " of 60,000: ")
                .contains("Published " + Format.count(60_000 - marker.records())
                        + " records to killed-generated-tickets");
        // created_at from --start-time, 200 ms apart (the default --spacing-ms)
        ExactlyOnce.assertHolds(
                KAFKA.bootstrapServers(),
                "killed-generated-tickets",
                TicketsCommand.generated(new TicketGenerator(21, i -> START.plusMillis(200 * i)), 60_000),
                r -> r.key());
        assertThat(ExactlyOnce.marker(KAFKA.bootstrapServers(), "killed-generated-tickets")
                        .orElseThrow()
                        .complete())
                .isTrue();
    }

    @Test
    void aForcedCopyKilledMidPublishIsFinishedByTheNextRunAndNothingElseIsPublishedTwice() throws Exception {
        Topics.create(KAFKA.bootstrapServers(), "forced-tracks", 3);
        String[] run = args(
                "tracks",
                "--topic.tracks",
                "forced-tracks",
                "--synthetic",
                "60000",
                "--seed",
                "10",
                "--start-time",
                START.toString());
        Cli.Result first = Cli.run(run);
        assertThat(first.code()).as(first.toString()).isZero();
        DatasetRegistry.Marker original =
                ExactlyOnce.marker(KAFKA.bootstrapServers(), "forced-tracks").orElseThrow();
        assertThat(original.complete()).isTrue();

        // --force starts a second full copy under fresh progress markers; it is killed a few chunks in
        DatasetRegistry.Marker forced = killAfter(
                "forced-tracks",
                60_000,
                3000,
                60_000,
                concat(run, "--force", "--batch-size", "500", "--delay-ms", "50"));
        assertThat(forced.startedAt()).isNotEqualTo(original.startedAt());

        // the next run, without --force, finishes that copy instead of saying the topic holds the dataset
        Cli.Result again = Cli.run(run);
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.out())
                .contains(" at record " + Format.count(forced.records()) + " of 60,000: ")
                .contains("Published " + Format.count(60_000 - forced.records()) + " records to forced-tracks");
        ExactlyOnce.assertHoldsTracks(KAFKA.bootstrapServers(), "forced-tracks", 10, START, 60_000, 2);
        DatasetRegistry.Marker complete =
                ExactlyOnce.marker(KAFKA.bootstrapServers(), "forced-tracks").orElseThrow();
        assertThat(complete.complete()).isTrue();
        assertThat(complete.startedAt()).isEqualTo(forced.startedAt());

        Cli.Result third = Cli.run(run);
        assertThat(third.out()).as(third.toString()).contains("forced-tracks already holds this dataset");
        assertThat(Topics.count(KAFKA.bootstrapServers(), "forced-tracks")).isEqualTo(120_000);
    }

    @Test
    void aTicketReplayKilledMidPublishIsResumedPastTheSameInvalidRows(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("export.csv");
        int invalid = writeTickets(file, 20_000);
        Topics.create(KAFKA.bootstrapServers(), "killed-tickets", 3);
        String[] run = replayOf(file, "killed-tickets");
        DatasetRegistry.Marker marker =
                killAfter("killed-tickets", 2000, 20_000 - invalid, concat(run, "--rate", "3000"));

        // the file changed after the kill (an export appended to): another dataset, which would be published
        // from its first row beside the committed ones
        byte[] asKilled = Files.readAllBytes(file);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Files.writeString(file, lines.get(1) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Cli.Result changed = Cli.run(run);
        assertThat(changed.code()).as(changed.toString()).isEqualTo(2);
        assertThat(changed.toString())
                .contains("holds " + Format.count(marker.records()) + " records of a run of tickets of export.csv")
                .contains(
                        "Nothing was published: put the file back as it was to resume that run (with the same flags), or give --force");
        assertThat(Topics.count(KAFKA.bootstrapServers(), "killed-tickets")).isEqualTo(marker.records());

        Files.write(file, asKilled);
        Cli.Result again = Cli.run(run);
        assertThat(again.code()).as(again.toString()).isZero();
        // the rows up to the last one committed are skipped without a report: the killed run reported its
        // invalid ones (rows 500, 1000, ...)
        long invalidAfter = invalid - marker.position().major() / 500;
        assertThat(again.out())
                .contains(" at record " + Format.count(marker.records()) + ": ")
                .contains(
                        "Published " + Format.count(20_000 - invalid - marker.records()) + " records to killed-tickets")
                .contains("; invalid " + invalidAfter + ", failed 0.");
        assertEveryValidTicketOnce(file, "killed-tickets");
        assertThat(Topics.count(KAFKA.bootstrapServers(), "killed-tickets")).isEqualTo(20_000 - invalid);
    }

    /**
     * A partial marker written by a version before positions: the resume counts valid rows, as that
     * version did, and says so; with rows judged alike by both, every valid row ends up on the topic once.
     */
    @Test
    void aReplayLeftPartialByAnEarlierVersionResumesByCountingValidRowsAndSaysSo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("export.csv");
        int invalid = writeTickets(file, 20_000);
        Topics.create(KAFKA.bootstrapServers(), "legacy-partial-tickets", 3);
        String[] run = replayOf(file, "legacy-partial-tickets");
        DatasetRegistry.Marker marker =
                killAfter("legacy-partial-tickets", 2000, 20_000 - invalid, concat(run, "--rate", "3000"));
        assertThat(marker.position()).as("this version writes positions").isNotNull();

        Map<String, Object> earlier = new LinkedHashMap<>();
        earlier.put("topic", marker.topic());
        earlier.put("topic_id", marker.topicId());
        earlier.put("dataset_id", marker.datasetId());
        earlier.put("records", marker.records());
        earlier.put("complete", false);
        earlier.put("source", marker.source());
        earlier.put("started_at", marker.startedAt());
        earlier.put("updated_at", marker.updatedAt());
        earlier.put("completed_at", "");
        writeMarker("legacy-partial-tickets/" + marker.datasetId(), Json.write(earlier));

        Cli.Result again = Cli.run(run);
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.toString())
                .contains("written by an earlier version of producer-tool: resuming after its " + marker.records()
                        + " records by counting the valid rows")
                .contains(" at record " + Format.count(marker.records()) + ": ");
        assertEveryValidTicketOnce(file, "legacy-partial-tickets");
        assertThat(Topics.count(KAFKA.bootstrapServers(), "legacy-partial-tickets"))
                .isEqualTo(20_000 - invalid);
    }

    /**
     * A file is published as it was when the run began: rows an exporter appends meanwhile are not read and
     * the dataset is complete under its first content's id; a file shortened meanwhile fails the run at its
     * end (exit 1) and the marker stays partial, counting exactly what was committed.
     */
    @Test
    void aFileAppendedToWhilePublishedIsPublishedAsItWasAndOneShortenedFailsBeforeItIsRecordedComplete(
            @TempDir Path dir) throws Exception {
        Path file = dir.resolve("export.csv");
        int invalid = writeTickets(file, 20_000);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        CompletableFuture<Cli.Result> first = publishingMidway(file, "appended-tickets");
        // the first 100 rows again: read, they would be published twice
        Files.writeString(
                file,
                String.join("\n", lines.subList(1, 101)) + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        Cli.Result result = first.get(120, TimeUnit.SECONDS);
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(Topics.count(KAFKA.bootstrapServers(), "appended-tickets")).isEqualTo(20_000 - invalid);
        DatasetRegistry.Marker complete =
                ExactlyOnce.marker(KAFKA.bootstrapServers(), "appended-tickets").orElseThrow();
        assertThat(complete.complete()).isTrue();
        assertThat(complete.records()).isEqualTo(20_000 - invalid);

        // the original content again, then shortened to its first 5,000 rows while it is published
        Files.write(file, lines, StandardCharsets.UTF_8);
        CompletableFuture<Cli.Result> second = publishingMidway(file, "shortened-tickets");
        Files.write(file, lines.subList(0, 5001), StandardCharsets.UTF_8);
        Cli.Result failed = second.get(120, TimeUnit.SECONDS);
        assertThat(failed.code()).as(failed.toString()).isEqualTo(1);
        assertThat(failed.toString()).contains(file + " got shorter while it was read");
        DatasetRegistry.Marker partial = ExactlyOnce.marker(KAFKA.bootstrapServers(), "shortened-tickets")
                .orElseThrow();
        assertThat(partial.complete()).as("never recorded complete").isFalse();
        assertThat(Topics.count(KAFKA.bootstrapServers(), "shortened-tickets"))
                .as("the marker counts what was committed")
                .isEqualTo(partial.records());

        // the original content again, then rewritten in place (same length, other ids) while it is published:
        // until 2026-12-03 the rows read from the new content before the end were committed under the first's id
        Files.write(file, lines, StandardCharsets.UTF_8);
        CompletableFuture<Cli.Result> third = publishingMidway(file, "rewritten-tickets");
        byte[] newContent =
                (String.join("\n", lines) + "\n").replace("\"TCK-", "\"NEW-").getBytes(StandardCharsets.UTF_8);
        assertThat(newContent).hasSameSizeAs(Files.readAllBytes(file));
        // over the old bytes, never shorter meanwhile (a truncation first would fail as a file that got shorter)
        try (java.nio.channels.FileChannel channel =
                java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(newContent);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
        Cli.Result rewritten = third.get(120, TimeUnit.SECONDS);
        assertThat(rewritten.code()).as(rewritten.toString()).isEqualTo(1);
        assertThat(rewritten.toString()).contains(file + " changed while it was read");
        List<String> keys = Topics.readAll(KAFKA.bootstrapServers(), "rewritten-tickets").stream()
                .map(r -> r.key())
                .toList();
        assertThat(keys).as("committed before the change was found").isNotEmpty();
        assertThat(keys).as("no row of the new content").allMatch(key -> key.startsWith("TCK-"));
        assertThat((long) keys.size())
                .isEqualTo(ExactlyOnce.marker(KAFKA.bootstrapServers(), "rewritten-tickets")
                        .orElseThrow()
                        .records());
    }

    /**
     * The topic deleted and created again while a file is published: the records sent since are in the new
     * topic, and the next run, finding another topic id, publishes the whole dataset into it. Until
     * 2026-12-03 the run went on committing into the new topic, and those records ended up there twice.
     */
    @Test
    void aTopicDeletedAndCreatedAgainMidPublishFailsTheRunAndTheNextPublishesTheDatasetOnce(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("export.csv");
        writeTickets(file, 20_000);
        // sends to the deleted topic are retried until the delivery timeout (startup-timeout twice), then aborted
        CompletableFuture<Cli.Result> first =
                publishingMidway(file, "recreated-tickets", "--kafka.startup-timeout", "5s");
        Topics.delete(KAFKA.bootstrapServers(), "recreated-tickets");
        Topics.create(KAFKA.bootstrapServers(), "recreated-tickets", 3);

        Cli.Result failed = first.get(120, TimeUnit.SECONDS);
        assertThat(failed.code()).as(failed.toString()).isEqualTo(1);
        assertThat(failed.toString())
                .contains("recreated-tickets was deleted")
                .contains(
                        "0 records of the dataset are committed on recreated-tickets; a next run resumes at record 0.");
        Cli.Result again = Cli.run(replayOf(file, "recreated-tickets"));
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.out()).contains("the topic was deleted and created again since");
        assertEveryValidTicketOnce(file, "recreated-tickets");
    }

    @ParameterizedTest(name = "in created_at order: {0}")
    @ValueSource(booleans = {false, true})
    void aReplayResumedUnderOtherLimitsNeitherRepeatsNorSkipsARow(boolean inTimeOrder, @TempDir Path dir)
            throws Exception {
        // every 500th ticket has a subject of 1,500 characters: invalid under the default bound (1,000),
        // valid under the second run's. Resumed by counting valid records, the second run skipped as many
        // records as the first had committed, but counted the long rows among them: it published
        // committed tickets again, and never published a row of the first run's last chunk.
        Path file = dir.resolve("export.csv");
        List<String> ids = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        TicketGenerator generator = new TicketGenerator(13, i -> START.plusSeconds(i));
        StringBuilder csv =
                new StringBuilder("ticket_id,client_id,created_at,type,priority,subject,description,channel\n");
        for (int i = 0; i < 20_000; i++) {
            Ticket t = generator.next();
            ids.add(t.ticketId());
            times.add(t.eventTimeMillis());
            String subject = i % 500 == 10 ? "s".repeat(1_500) : t.subject();
            for (String field : List.of(
                    t.ticketId(),
                    t.clientId(),
                    t.createdAt(),
                    t.type(),
                    t.priority(),
                    subject,
                    t.description(),
                    t.channel())) {
                csv.append('"').append(field.replace("\"", "\"\"")).append('"').append(',');
            }
            csv.setCharAt(csv.length() - 1, '\n');
        }
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        String topic = "relimited-tickets-" + inTimeOrder;
        Topics.create(KAFKA.bootstrapServers(), topic, 3);
        String[] run = args("tickets", "--topic.tickets", topic, "--from-file", file.toString());
        if (inTimeOrder) {
            run = concat(run, "--order-by", "created_at");
        }
        DatasetRegistry.Marker marker = killAfter(topic, 2000, 20_000 - 40, concat(run, "--rate", "3000"));
        assertThat(marker.position())
                .as("the marker says where the last committed record was read")
                .isNotNull();
        SourcePosition resumedAfter = marker.position();

        Cli.Result again = Cli.run(concat(run, "--limits.subject.max-chars", "2000"));

        assertThat(again.code()).as(again.toString()).isZero();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            // row i + 1 of the file; a long subject at or before the resume point was refused in its turn (in
            // time order, by created_at and row: the generator's jitter puts some tickets out of file order)
            SourcePosition at = inTimeOrder ? new SourcePosition(times.get(i), i + 1) : SourcePosition.row(i + 1);
            if (!(i % 500 == 10 && at.compareTo(resumedAfter) <= 0)) {
                expected.add(ids.get(i));
            }
        }
        List<String> onTopic = Topics.readAll(KAFKA.bootstrapServers(), topic).stream()
                .map(ConsumerRecord::key)
                .toList();
        assertThat(onTopic).as("no ticket twice").doesNotHaveDuplicates();
        assertThat(onTopic).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** {@code n} generated tickets as a CSV whose columns have other names, every 500th with an invalid priority. */
    /** The command line of a replay of an export written by {@link #writeTickets} to {@code topic}. */
    private static String[] replayOf(Path file, String topic) {
        return args(
                "tickets",
                "--topic.tickets",
                topic,
                "--from-file",
                file.toString(),
                "--map",
                "ticket_id=Ticket ID,priority=Priority");
    }

    /** A replay of {@code file} to a new {@code topic}, running, with 2,000 of its tickets committed. */
    private static CompletableFuture<Cli.Result> publishingMidway(Path file, String topic, String... flags)
            throws Exception {
        Topics.create(KAFKA.bootstrapServers(), topic, 3);
        String[] run = concat(concat(replayOf(file, topic), "--rate", "4000"), flags);
        CompletableFuture<Cli.Result> publishing = CompletableFuture.supplyAsync(() -> Cli.run(run));
        Topics.awaitRecords(KAFKA.bootstrapServers(), topic, 2000);
        assertThat(publishing.isDone())
                .as("still publishing when the file changes")
                .isFalse();
        return publishing;
    }

    /** Every valid row of the export written by {@link #writeTickets} is on {@code topic} once, as read. */
    private static void assertEveryValidTicketOnce(Path file, String topic) throws Exception {
        try (TicketFileReader reader = TicketFileReader.open(
                file,
                TicketFileReader.Format.CSV,
                Map.of("ticket_id", "Ticket ID", "priority", "Priority"),
                PipelineConfig.defaults().limits())) {
            ExactlyOnce.assertHolds(
                    KAFKA.bootstrapServers(),
                    topic,
                    RecordSources.rows(reader, Rejects.silent(), TicketsCommand::record),
                    r -> r.key());
        }
    }

    private static int writeTickets(Path file, int n) throws Exception {
        TicketGenerator generator = new TicketGenerator(11, i -> START.plusSeconds(i));
        StringBuilder csv =
                new StringBuilder("Ticket ID,client_id,created_at,type,Priority,subject,description,channel\n");
        int invalid = 0;
        for (int i = 0; i < n; i++) {
            Ticket t = generator.next();
            String priority = t.priority();
            if (i % 500 == 499) {
                priority = "urgent";
                invalid++;
            }
            for (String field : List.of(
                    t.ticketId(),
                    t.clientId(),
                    t.createdAt(),
                    t.type(),
                    priority,
                    t.subject(),
                    t.description(),
                    t.channel())) {
                csv.append('"').append(field.replace("\"", "\"\"")).append('"').append(',');
            }
            csv.setCharAt(csv.length() - 1, '\n');
        }
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        return invalid;
    }

    @Test
    void aCompleteMarkerAndAnOldMarkerWithoutCompleteSkipAPartialOneOfAnotherTopicIdStartsOver() throws Exception {
        String[] run = args(
                "tracks",
                "--topic.tracks",
                "legacy-tracks",
                "--synthetic",
                "500",
                "--seed",
                "3",
                "--start-time",
                START.toString());
        assertThat(Cli.run(run).code()).isZero();
        DatasetRegistry.Marker marker =
                ExactlyOnce.marker(KAFKA.bootstrapServers(), "legacy-tracks").orElseThrow();
        assertThat(marker.complete()).isTrue();
        assertThat(marker.records()).isEqualTo(500);

        Cli.Result skipped = Cli.run(run);
        assertThat(skipped.out())
                .as(skipped.toString())
                .contains("legacy-tracks already holds this dataset")
                .contains("500 records published at " + marker.completedAt());

        // the marker as the tool wrote it before progress markers: no complete, started_at, updated_at
        Map<String, Object> old = new LinkedHashMap<>();
        old.put("topic", "legacy-tracks");
        old.put("topic_id", marker.topicId());
        old.put("dataset_id", marker.datasetId());
        old.put("records", 500);
        old.put("source", marker.source());
        old.put("completed_at", "2024-05-01T00:00:00Z");
        writeMarker("legacy-tracks/" + marker.datasetId(), Json.write(old));
        Cli.Result oldSkipped = Cli.run(run);
        assertThat(oldSkipped.code()).isZero();
        assertThat(oldSkipped.out())
                .as(oldSkipped.toString())
                .contains("legacy-tracks already holds this dataset")
                .contains("500 records published at 2024-05-01T00:00:00Z");
        assertThat(Topics.count(KAFKA.bootstrapServers(), "legacy-tracks")).isEqualTo(500);

        // a partial marker of a topic that was since deleted and created again: publish from the start
        old.put("topic_id", "AAAAAAAAAAAAAAAAAAAAAA");
        old.put("records", 200);
        old.put("complete", false);
        writeMarker("legacy-tracks/" + marker.datasetId(), Json.write(old));
        Cli.Result restarted = Cli.run(run);
        assertThat(restarted.code()).isZero();
        assertThat(restarted.out())
                .as(restarted.toString())
                .contains(
                        "partly published to legacy-tracks before (200 records), but the topic was deleted and created again since")
                .contains("Published 500 records to legacy-tracks");
        assertThat(Topics.count(KAFKA.bootstrapServers(), "legacy-tracks")).isEqualTo(1000);
    }

    /**
     * A marker that cannot be read says nothing of how much of its dataset the topic holds: the run stops
     * (exit 1) rather than publish it all again, and --force publishes it again from its start. Until
     * 2026-12-02 it was taken for no marker, and every run published the whole dataset again.
     */
    @Test
    void anUnreadableMarkerStopsTheRunWithExit1AndForcePublishesTheDatasetAgain() throws Exception {
        String[] run = args(
                "tracks",
                "--topic.tracks",
                "unreadable-tracks",
                "--synthetic",
                "500",
                "--seed",
                "12",
                "--start-time",
                START.toString());
        assertThat(Cli.run(run).code()).isZero();
        DatasetRegistry.Marker marker = ExactlyOnce.marker(KAFKA.bootstrapServers(), "unreadable-tracks")
                .orElseThrow();
        writeMarker(
                "unreadable-tracks/" + marker.datasetId(),
                "{\"topic\":\"unreadable-tracks\",\"records\":3,\"comp".getBytes(StandardCharsets.UTF_8));

        Cli.Result stopped = Cli.run(run);
        assertThat(stopped.code()).as(stopped.toString()).isEqualTo(1);
        assertThat(stopped.err().lines().filter(line -> line.startsWith("ERROR")))
                .as(stopped.toString())
                .singleElement()
                .asString()
                .contains("The progress marker of dataset " + PublishRun.shortId(marker.datasetId()))
                .contains("on unreadable-tracks cannot be read (not valid JSON)")
                .contains("--force publishes it again from its start");
        assertThat(stopped.out()).doesNotContain("Published");
        assertThat(Topics.count(KAFKA.bootstrapServers(), "unreadable-tracks")).isEqualTo(500);

        Cli.Result forced = Cli.run(concat(run, "--force"));
        assertThat(forced.code()).as(forced.toString()).isZero();
        assertThat(forced.err()).contains("cannot be read (not valid JSON); --force publishes the dataset again");
        assertThat(forced.out()).contains("Published 500 records to unreadable-tracks");
        assertThat(Topics.count(KAFKA.bootstrapServers(), "unreadable-tracks")).isEqualTo(1000);

        Cli.Result after = Cli.run(run);
        assertThat(after.code()).as(after.toString()).isZero();
        assertThat(after.out()).as(after.toString()).contains("unreadable-tracks already holds this dataset");
        assertThat(Topics.count(KAFKA.bootstrapServers(), "unreadable-tracks")).isEqualTo(1000);
    }

    /**
     * A dataset of no record never counts as published. A file without a record (a header alone, an empty JSON
     * lines file, an empty array) is a usage error every time, like one without a valid row; generated tickets
     * asked for none publish nothing and exit 0. Neither records a marker. Until 2026-12-02 both said "Recorded
     * … (0 records; a next run skips it unless --force)", and the next run said "Resuming … at record 0".
     */
    @Test
    void aDatasetOfNoRecordIsNeverRecordedAndAFileWithoutARecordIsAUsageError(@TempDir Path dir) throws Exception {
        Path headerOnly =
                Files.writeString(dir.resolve("header-only.csv"), "ticket_id,client_id,created_at,type,priority\n");
        Path noLines = Files.writeString(dir.resolve("no-lines.jsonl"), "");
        Path emptyArray = Files.writeString(dir.resolve("empty-array.json"), "[]\n");
        for (Path file : List.of(headerOnly, noLines, emptyArray)) {
            for (int run = 1; run <= 2; run++) {
                Cli.Result result =
                        Cli.run(args("tickets", "--topic.tickets", "empty-tickets", "--from-file", file.toString()));
                assertThat(result.code()).as(result.toString()).isEqualTo(2);
                assertThat(result.err())
                        .as(result.toString())
                        .contains("--from-file: " + file + ": the input holds no record, so nothing was published"
                                + " and nothing was recorded: is it the right file?");
                assertThat(result.out()).as(result.toString()).doesNotContain("Resuming", "Recorded");
            }
        }
        assertThat(Topics.exists(KAFKA.bootstrapServers(), "empty-tickets"))
                .as("refused before Kafka is asked anything")
                .isFalse();
        assertThat(ExactlyOnce.marker(KAFKA.bootstrapServers(), "empty-tickets"))
                .isEmpty();

        for (int run = 1; run <= 2; run++) {
            Cli.Result none = Cli.run(args("tickets", "--topic.tickets", "no-tickets", "--count", "0", "--seed", "5"));
            assertThat(none.code()).as(none.toString()).isZero();
            assertThat(none.out())
                    .as(none.toString())
                    .contains("No record to publish (0 generated tickets (seed 5)): nothing was recorded.")
                    .doesNotContain("Resuming", "Recorded");
        }
        assertThat(ExactlyOnce.marker(KAFKA.bootstrapServers(), "no-tickets")).isEmpty();

        // tracks alike: a file of no track is refused, none generated is nothing to record
        Path noTracks = Files.writeString(
                dir.resolve("no-tracks.csv"),
                ",track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,key,"
                        + "loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,"
                        + "time_signature,track_genre\n");
        Cli.Result file = Cli.run(args("tracks", "--topic.tracks", "empty-tracks", "--file", noTracks.toString()));
        assertThat(file.code()).as(file.toString()).isEqualTo(2);
        assertThat(file.err()).as(file.toString()).contains(noTracks + ": the input holds no record");
        Cli.Result synthetic = Cli.run(args("tracks", "--topic.tracks", "no-tracks", "--synthetic", "0"));
        assertThat(synthetic.code()).as(synthetic.toString()).isZero();
        assertThat(synthetic.out()).as(synthetic.toString()).contains("nothing was recorded");
        assertThat(ExactlyOnce.marker(KAFKA.bootstrapServers(), "empty-tracks")).isEmpty();
        assertThat(ExactlyOnce.marker(KAFKA.bootstrapServers(), "no-tracks")).isEmpty();
    }

    private static void writeMarker(String key, byte[] value) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            producer.send(new ProducerRecord<>(DatasetRegistry.TOPIC, key, value))
                    .get();
        }
    }
}
