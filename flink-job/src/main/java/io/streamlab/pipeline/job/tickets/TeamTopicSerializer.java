package io.streamlab.pipeline.job.tickets;

import io.streamlab.pipeline.records.EnrichedTicket;
import io.streamlab.pipeline.records.Json;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A team topic record: key {@code ticket_id}, value the enriched ticket as JSON. The Kafka timestamp is
 * left to the producer (the time of writing), not the ticket's {@code created_at}: replayed or old
 * tickets would otherwise carry old timestamps and be deleted by the topic's time-based retention as
 * soon as their segment rolls. The event time stays in the value ({@code created_at}).
 */
public final class TeamTopicSerializer implements KafkaRecordSerializationSchema<EnrichedTicket> {
    private static final long serialVersionUID = 1L;
    private final String topic;

    public TeamTopicSerializer(String topic) {
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(EnrichedTicket ticket, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, null, ticket.ticketId().getBytes(StandardCharsets.UTF_8),
                Json.write(ticket));
    }
}
