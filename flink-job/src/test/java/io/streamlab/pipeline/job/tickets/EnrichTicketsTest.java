package io.streamlab.pipeline.job.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.job.deadletters.DeadLetters;
import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.EnrichedTicket;
import io.streamlab.pipeline.records.Json;
import io.streamlab.pipeline.records.Ticket;
import java.util.List;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
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

    static OneInputStreamOperatorTestHarness<Ticket, EnrichedTicket> harness(int maxRecordBytes) throws Exception {
        var h = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(
                new EnrichTickets(CONFIG.routing(), new Tokenizer(3, 20), "client_tickets", maxRecordBytes)));
        h.open();
        return h;
    }

    @Test
    void aTicketTooLargeForTheTeamTopicsIsADeadLetterThatStatesItsSize() throws Exception {
        try (var h = harness(4096)) {
            h.processElement(ticket("small", "L'imprimante ne répond plus"), 0L);
            h.processElement(ticket("large", "\u0001".repeat(800)), 0L); // 800 characters, 4800 bytes of JSON
            assertThat(h.extractOutputValues())
                    .extracting(EnrichedTicket::ticketId)
                    .containsExactly("small");
            List<DeadLetter> dead = h.getSideOutput(DeadLetters.TAG).stream()
                    .map(StreamRecord::getValue)
                    .toList();
            assertThat(dead).singleElement().satisfies(dl -> {
                assertThat(dl.category()).isEqualTo("output-too-large");
                assertThat(dl.reason())
                        .matches("output too large: the enriched ticket is \\d+ bytes, above "
                                + "sink.max-record-bytes \\(4096\\) of the team topics");
                assertThat(dl.partition()).isEqualTo(1);
                assertThat(dl.offset()).isEqualTo(77L);
            });
        }
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
