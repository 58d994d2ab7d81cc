package io.streamlab.pipeline.records;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A customer support ticket as published on {@code client_tickets}. {@code createdAt} is kept as an
 * ISO-8601 instant in UTC; {@code priority} is lower case (low, medium, high, critical).
 */
@JsonPropertyOrder({"ticket_id", "client_id", "created_at", "type", "priority", "subject", "description", "channel"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Ticket(
        String ticketId,
        String clientId,
        String createdAt,
        String type,
        String priority,
        String subject,
        String description,
        String channel,
        @JsonIgnore long eventTimeMillis,
        @JsonIgnore int sourcePartition,
        @JsonIgnore long sourceOffset)
        implements SourcedRecord {

    public Ticket withSource(int partition, long offset) {
        return new Ticket(
                ticketId,
                clientId,
                createdAt,
                type,
                priority,
                subject,
                description,
                channel,
                eventTimeMillis,
                partition,
                offset);
    }
}
