package io.streamlab.pipeline.job.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.job.tickets.TicketOrError;
import io.streamlab.pipeline.job.tracks.TrackOrError;
import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.RejectCategory;
import io.streamlab.pipeline.records.Track;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.connector.kafka.source.reader.DeletedRecordsReportingSplitReader;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** The sources' deserializers turn every record into a value or a dead letter: nothing can fail the source. */
class RecordDeserializerTest {
    static final PipelineConfig.Limits LIMITS = PipelineConfig.defaults().limits();

    static <E> List<E> deserialize(RecordDeserializer<?, E> deserializer, byte[] value) {
        return read(deserializer, new ConsumerRecord<>("topic-x", 2, 41L, "k".getBytes(StandardCharsets.UTF_8), value));
    }

    /** A parser with a bug: any exception it throws must become a dead letter, not a failed source. */
    static RecordDeserializer<Track, TrackOrError> buggy(RuntimeException bug) {
        return new RecordDeserializer<>(
                LIMITS,
                (value, limits, now) -> {
                    throw bug;
                },
                (t, partition, offset, sourceTimestamp, logAppendTime) -> TrackOrError.of(t),
                TrackOrError::error,
                TrackOrError.class);
    }

    @Test
    void anUnexpectedExceptionWhileParsingIsADeadLetter() throws Exception {
        List<TrackOrError> out = deserialize(
                buggy(new ArithmeticException("long overflow " + "x".repeat(5_000))),
                "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(out).singleElement().satisfies(e -> {
            assertThat(e.track()).isNull();
            DeadLetter dl = e.deadLetter();
            assertThat(dl.category()).isEqualTo("unexpected-parse-error");
            assertThat(dl.reason())
                    .startsWith("unexpected parse error: ArithmeticException: long overflow")
                    .hasSizeLessThan(300);
            assertThat(dl.sourceTopic()).isEqualTo("topic-x");
            assertThat(dl.partition()).isEqualTo(2);
            assertThat(dl.offset()).isEqualTo(41L);
            assertThat(dl.raw()).isEqualTo("{}");
        });
        assertThat(deserialize(buggy(new NullPointerException()), null))
                .singleElement()
                .extracting(e -> e.deadLetter().reason())
                .isEqualTo("unexpected parse error: NullPointerException: null");
    }

    @Test
    void invalidRecordsAreDeadLettersWithTheirCategoryAndAtMost16KiBOfTheRawValue() throws Exception {
        byte[] huge =
                ("{\"ticket_id\":\"T\",\"subject\":\"" + "é".repeat(500_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        List<TicketOrError> out = deserialize(TicketOrError.deserializer(LIMITS), huge);
        assertThat(out).singleElement().satisfies(e -> {
            assertThat(e.deadLetter().category()).isEqualTo("missing-field");
            assertThat(e.deadLetter().raw()).hasSize(DeadLetter.MAX_RAW_CHARS).startsWith("{\"ticket_id\":\"T\"");
        });
        List<TrackOrError> tracks =
                deserialize(TrackOrError.deserializer(LIMITS), "[]".getBytes(StandardCharsets.UTF_8));
        assertThat(tracks)
                .singleElement()
                .extracting(e -> e.deadLetter().category())
                .isEqualTo("invalid-json");
    }

    @Test
    void validRecordsKnowWhereTheyWereRead() throws Exception {
        String json = "{\"ticket_id\":\"T\",\"client_id\":\"C\",\"type\":\"q\",\"created_at\":\"2026-01-01T00:00:00Z\","
                + "\"priority\":\"low\"}";
        List<TicketOrError> out =
                deserialize(TicketOrError.deserializer(LIMITS), json.getBytes(StandardCharsets.UTF_8));
        assertThat(out).singleElement().satisfies(e -> {
            assertThat(e.deadLetter()).isNull();
            assertThat(e.ticket().sourcePartition()).isEqualTo(2);
            assertThat(e.ticket().sourceOffset()).isEqualTo(41L);
            assertThat(e.sourceTimestamp())
                    .as("a record without a Kafka timestamp")
                    .isEqualTo(Long.MAX_VALUE);
        });
        // and when Kafka took them: event time moves no further (SourceWatermarks)
        ConsumerRecord<byte[], byte[]> stamped = stamped(json, 1_767_225_600_000L, TimestampType.LOG_APPEND_TIME);
        assertThat(read(TicketOrError.deserializer(LIMITS), stamped))
                .singleElement()
                .extracting(TicketOrError::sourceTimestamp)
                .isEqualTo(1_767_225_600_000L);
        // a Kafka timestamp further before the event time than max-ahead (a producer's clock off) is no bound
        ConsumerRecord<byte[], byte[]> skewed = stamped(json, 1_000L, TimestampType.LOG_APPEND_TIME);
        assertThat(read(TicketOrError.deserializer(LIMITS), skewed))
                .singleElement()
                .extracting(TicketOrError::sourceTimestamp)
                .isEqualTo(Long.MAX_VALUE);
        // a producer's create time is its host's clock: no bound, or a slow clock held the job's windows back
        assertThat(read(
                        TicketOrError.deserializer(LIMITS),
                        stamped(json, 1_767_225_600_000L, TimestampType.CREATE_TIME)))
                .singleElement()
                .extracting(TicketOrError::sourceTimestamp)
                .isEqualTo(Long.MAX_VALUE);
    }

    /** {@code json} as Kafka hands it over, with the timestamp {@code timestamp} of that type. */
    private static ConsumerRecord<byte[], byte[]> stamped(String json, long timestamp, TimestampType type) {
        return new ConsumerRecord<>(
                "topic-x",
                2,
                42L,
                timestamp,
                type,
                1,
                json.length(),
                "k".getBytes(StandardCharsets.UTF_8),
                json.getBytes(StandardCharsets.UTF_8),
                new org.apache.kafka.common.header.internals.RecordHeaders(),
                java.util.Optional.empty());
    }

    private static <E> List<E> read(RecordDeserializer<?, E> deserializer, ConsumerRecord<byte[], byte[]> r) {
        List<E> out = new ArrayList<>();
        deserializer.deserialize(r, new Collector<>() {
            @Override
            public void collect(E record) {
                out.add(record);
            }

            @Override
            public void close() {}
        });
        return out;
    }

    private static ConsumerRecord<byte[], byte[]> report(byte[] value, String header) {
        ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>("client_tickets", 1, 339L, null, value);
        r.headers()
                .add(
                        DeletedRecordsReportingSplitReader.DELETED_UNREAD_HEADER,
                        header.getBytes(StandardCharsets.US_ASCII));
        return r;
    }

    @Test
    void theSourcesReportOfDeletedRecordsIsOneDeadLetterAtTheFirstOffsetLost() {
        List<TicketOrError> out = read(TicketOrError.deserializer(LIMITS), report(null, "120,340,500"));

        assertThat(out).singleElement().satisfies(e -> {
            DeadLetter letter = e.deadLetter();
            assertThat(letter.category()).isEqualTo(RejectCategory.DELETED_UNREAD.label());
            assertThat(letter.sourceKey()).isEqualTo("client_tickets/1/120");
            assertThat(letter.raw()).isEmpty();
            assertThat(letter.reason())
                    .isEqualTo(
                            "deleted-unread: offsets 120 to 339 of client_tickets-1 (at most 220 records) were"
                                    + " deleted, by the topic's retention, before the job read them; reading on from offset 340");
        });
    }

    @Test
    void aPositionPastThePartitionsEndSaysTheLogWentBack() {
        List<TrackOrError> out = read(TrackOrError.deserializer(LIMITS), report(null, "900,0,40"));

        assertThat(out)
                .singleElement()
                .satisfies(
                        e -> assertThat(e.deadLetter().reason())
                                .isEqualTo(
                                        "deleted-unread: the job's position 900 is past the end 40 of client_tickets-1 (the topic"
                                                + " was recreated, or its log lost records); reading it from its oldest record, offset 0"));
    }

    @Test
    void aRecordThatCarriesTheHeaderIsStillARecord() {
        byte[] json = ("{\"ticket_id\":\"T\",\"client_id\":\"C\",\"type\":\"q\",\"created_at\":"
                        + "\"2026-01-01T00:00:00Z\",\"priority\":\"low\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(read(TicketOrError.deserializer(LIMITS), report(json, "120,340,500")))
                .singleElement()
                .satisfies(e -> assertThat(e.ticket().ticketId()).isEqualTo("T"));
        ConsumerRecord<byte[], byte[]> fromAProducer = new ConsumerRecord<>(
                "client_tickets",
                1,
                339L,
                1_700_000_000_000L,
                TimestampType.CREATE_TIME,
                0,
                0,
                null,
                null,
                new RecordHeaders(),
                Optional.empty());
        fromAProducer
                .headers()
                .add(
                        DeletedRecordsReportingSplitReader.DELETED_UNREAD_HEADER,
                        "0,999999,999999".getBytes(StandardCharsets.US_ASCII));
        assertThat(read(TicketOrError.deserializer(LIMITS), fromAProducer))
                .as("a producer's record with the header is not a report")
                .singleElement()
                .satisfies(e -> assertThat(e.deadLetter().category()).isEqualTo("invalid-json"));
        assertThat(read(TicketOrError.deserializer(LIMITS), report(null, "not,a,range")))
                .singleElement()
                .satisfies(e -> assertThat(e.deadLetter().category()).isNotEqualTo("deleted-unread"));
    }
}
