package io.streamlab.pipeline.producer.tickets;

import io.streamlab.pipeline.records.Ticket;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * src/test/resources/tickets-support.csv: tickets with the column names of Kaggle's "Customer Support
 * Ticket Dataset", multi-line quoted descriptions, and three invalid rows; and what replaying it gives.
 */
public final class SupportCsv {
    private SupportCsv() {}

    public static final String MAPPING = "ticket_id=Ticket ID,client_id=\"Customer Email\",type=Ticket Type,"
            + "priority=Ticket Priority,subject=Ticket Subject,description=Ticket Description,created_at=Date of Purchase,"
            + "channel=Ticket Channel";

    public static Path file() {
        try {
            return Path.of(SupportCsv.class.getResource("/tickets-support.csv").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static final List<Ticket> VALID = List.of(
            ticket(
                    "1",
                    "carrollallison@example.com",
                    "2021-03-22T00:00:00Z",
                    "Technical issue",
                    "critical",
                    "Product setup",
                    "I'm having an issue with the {product_purchased}. Please assist.\n\nYour billing zip code is: 71701.",
                    "Social media"),
            ticket(
                    "2",
                    "clarkeashley@example.com",
                    "2021-05-22T10:15:00Z",
                    "Billing inquiry",
                    "low",
                    "Refund request",
                    "Je n'arrive pas à obtenir un remboursement, pourquoi ?",
                    "Chat"),
            ticket(
                    "6",
                    "sheenasmith@example.com",
                    "2021-10-12T06:00:00Z",
                    "Cancellation request",
                    "medium",
                    "Payment issue",
                    "Überweisung fehlgeschlagen; 支払いエラー",
                    "Phone"));

    public static final List<Long> VALID_LINES = List.of(2L, 5L, 10L);

    public static final Map<Long, String> INVALID = Map.of(
            6L, "missing required field 'client_id'",
            7L, "field 'created_at' is not an ISO-8601 timestamp: 'yesterday'",
            8L, "unknown priority 'urgent' (expected low, medium, high or critical)");

    static Ticket ticket(
            String id,
            String client,
            String createdAt,
            String type,
            String priority,
            String subject,
            String description,
            String channel) {
        return new Ticket(
                id,
                client,
                createdAt,
                type,
                priority,
                subject,
                description,
                channel,
                Instant.parse(createdAt).toEpochMilli(),
                -1,
                -1L);
    }
}
