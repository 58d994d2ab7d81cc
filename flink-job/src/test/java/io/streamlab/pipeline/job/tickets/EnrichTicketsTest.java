package io.streamlab.pipeline.job.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.EnrichedTicket;
import io.streamlab.pipeline.records.Json;
import io.streamlab.pipeline.records.RejectCategory;
import io.streamlab.pipeline.records.Ticket;
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
}
