package io.streamlab.pipeline.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** A ticket with its routing and analysis: what the team topics and {@code tickets_enriched} hold. */
@JsonPropertyOrder({
    "ticket_id",
    "client_id",
    "created_at",
    "type",
    "priority",
    "subject",
    "description",
    "channel",
    "team",
    "priority_level",
    "keywords",
    "processed_at"
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnrichedTicket(
        String ticketId,
        String clientId,
        String createdAt,
        String type,
        String priority,
        String subject,
        String description,
        String channel,
        String team,
        int priorityLevel,
        List<String> keywords,
        long processedAt) {}
