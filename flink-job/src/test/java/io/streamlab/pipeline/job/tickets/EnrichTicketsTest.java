package io.streamlab.pipeline.job.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.EnrichedTicket;
import io.streamlab.pipeline.records.Json;
import io.streamlab.pipeline.records.RejectCategory;
import io.streamlab.pipeline.records.Ticket;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.Test;

/** Enrichment, and the one check that keeps a ticket too large for its Kafka sink from failing the job. */
class EnrichTicketsTest {
    static final PipelineConfig CONFIG = PipelineConfig.defaults();

    static Ticket ticket(String id, String description) {
        return new Ticket(
                id,
                "C1",
                "2026-01-01T00:00:00Z",
                "incident",
                "high",
                "Écran noir",
                description,
                "email",
                1_767_225_600_000L,
                1,
                77L);
    }

    static EnrichTickets enrich(int maxRecordBytes) {
        return new EnrichTickets(CONFIG.routing(), new Tokenizer(3, 20), "client_tickets", maxRecordBytes);
    }

    @Test
    void aTicketTooLargeForTheTeamTopicsIsADeadLetterThatStatesItsSize() {
        EnrichTickets enrich = enrich(4096);
        EnrichedTicketOrError small = enrich.map(TicketOrError.of(ticket("small", "L'imprimante ne répond plus")));
        assertThat(small.deadLetter()).isNull();
        assertThat(small.value().enriched().ticketId()).isEqualTo("small");
        assertThat(small.value().enriched().keywords()).contains("écran", "imprimante");
        assertThat(small.value().eventTimeMillis()).isEqualTo(1_767_225_600_000L);

        // 800 characters, 4800 bytes of JSON
        EnrichedTicketOrError large = enrich.map(TicketOrError.of(ticket("large", "\u0001".repeat(800))));
        assertThat(large.value()).isNull();
        DeadLetter dl = large.deadLetter();
        assertThat(dl.category()).isEqualTo("output-too-large");
        assertThat(dl.reason())
                .matches("output too large: the enriched ticket is \\d+ bytes, above "
                        + "sink.max-record-bytes \\(4096\\) of the team topics");
        assertThat(dl.partition()).isEqualTo(1);
        assertThat(dl.offset()).isEqualTo(77L);
        assertThat(dl.raw()).contains("\"ticket_id\":\"large\"").doesNotContain("keywords");
    }

    /** A ticket enrichment did not foresee (here no priority, which the parser never lets through) is no poison. */
    @Test
    void aTicketEnrichmentFailsOnIsADeadLetterNotAJobFailure() {
        Ticket unforeseen = new Ticket(
                "odd", "C1", "2026-01-01T00:00:00Z", "incident", null, "s", "d", "email", 1_767_225_600_000L, 2, 9L);
        EnrichedTicketOrError result = enrich(4096).map(TicketOrError.of(unforeseen));
        assertThat(result.value()).isNull();
        DeadLetter dl = result.deadLetter();
        assertThat(dl.category()).isEqualTo("unexpected-parse-error");
        assertThat(dl.reason()).startsWith("unexpected enrichment error: NullPointerException");
        assertThat(dl.partition()).isEqualTo(2);
        assertThat(dl.offset()).isEqualTo(9L);
        assertThat(dl.raw()).contains("\"ticket_id\":\"odd\"");
    }

    @Test
    void aDeadLetterOfTheSourcePassesThroughForTheGateToCount() {
        DeadLetter invalid =
                DeadLetter.of("client_tickets", 0, 3, RejectCategory.INVALID_JSON, "invalid JSON: x", "x", 0L);
        assertThat(enrich(4096).map(TicketOrError.error(invalid))).isEqualTo(EnrichedTicketOrError.error(invalid));
    }

    @Test
    void theSizeCheckIsExactNearTheLimitAndAnUpperBoundFarBelowIt() {
        EnrichedTicket t =
                EnrichTickets.enrich(ticket("T", "x".repeat(3_000)), CONFIG.routing(), new Tokenizer(3, 20), 0L);
        long exact = EnrichTickets.RECORD_OVERHEAD_BYTES + 1 + Json.write(t).length;
        assertThat(EnrichTickets.recordSize(t, (int) exact)).isEqualTo(exact);
        assertThat(EnrichTickets.recordSize(t, (int) exact - 1)).isEqualTo(exact);
        assertThat(EnrichTickets.recordSize(t, 1_048_576))
                .isGreaterThanOrEqualTo(exact)
                .isLessThanOrEqualTo(1_048_576);
    }

    /** Characters at their most expensive: 6 bytes of JSON, 3 or 4 of UTF-8, 2 for a quote. */
    private static final String COSTLY = "\u0001\u001f\"\\\n中文€\uD83D\uDE00\u2028\u00e9a ";

    @Test
    void theCheapBoundIsNeverBelowTheRecordKafkaChecks() {
        RandomTexts.forAll(
                20261202L,
                300,
                r -> {
                    Ticket t = new Ticket(
                            r.chars(COSTLY, 1, 1_000),
                            r.chars(COSTLY, 1, 1_000),
                            "2026-01-01T00:00:00Z",
                            r.chars(COSTLY, 1, 200),
                            "high",
                            r.chars(COSTLY, 0, 2_000),
                            r.chars(COSTLY + "mot clé imprimante ", 0, 20_000),
                            r.chars(COSTLY, 1, 200),
                            1_767_225_600_000L,
                            0,
                            1L);
                    return EnrichTickets.enrich(t, CONFIG.routing(), new Tokenizer(3, 20), Long.MAX_VALUE);
                },
                t -> {
                    byte[] key = t.ticketId().getBytes(StandardCharsets.UTF_8);
                    byte[] value = Json.write(t);
                    long exact = EnrichTickets.recordSize(t, 0);
                    assertThat(exact).isEqualTo(EnrichTickets.RECORD_OVERHEAD_BYTES + key.length + value.length);
                    assertThat(EnrichTickets.recordSize(t, Integer.MAX_VALUE)).isGreaterThanOrEqualTo(exact);
                    // what the producer compares with max.request.size before it sends
                    assertThat((long) AbstractRecords.estimateSizeInBytesUpperBound(
                                    RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.LZ4, key, value, new Header[0]))
                            .isLessThanOrEqualTo(exact);
                });
    }

    @Test
    void anIdOfControlCharactersAtARaisedBoundIsCountedInTheValueToo() {
        // the id is 1,000 characters and 6,000 bytes of JSON: counted once, as the key, the estimate was
        // about 16,320 bytes for a record of about 19,700, and the team sink failed on it after every restart
        Ticket t = new Ticket(
                "t" + "\u0001".repeat(998) + "x",
                "C1",
                "2026-01-01T00:00:00Z",
                "incident",
                "high",
                "s",
                "\u0001".repeat(2_040),
                "email",
                1_767_225_600_000L,
                0,
                5L);
        EnrichedTicketOrError out = enrich(16_384).map(TicketOrError.of(t));
        assertThat(out.deadLetter()).isNotNull();
        assertThat(out.deadLetter().category()).isEqualTo("output-too-large");
        assertThat(out.deadLetter().reason()).contains("sink.max-record-bytes (16384)");
    }
}
