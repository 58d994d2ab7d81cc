package io.streamlab.pipeline.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ProduceConsumeITCase {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void consumerReadsBackEveryProducedRecord() throws Exception {
        KAFKA.createTopic("round-trip", 3);

        List<String> sent = TestClients.produce(KAFKA.bootstrapServers(), "round-trip", "value", 100);

        try (KafkaConsumer<String, String> consumer =
                TestClients.consumer(KAFKA.bootstrapServers(), "round-trip-reader", Map.of())) {
            consumer.subscribe(List.of("round-trip"));
            List<ConsumerRecord<String, String>> received = TestClients.pollUntilCount(consumer, 100);

            assertEquals(100, received.size(), "records received");
            assertEquals(new HashSet<>(sent), new HashSet<>(TestClients.values(received)));
            Set<Integer> partitions = new HashSet<>();
            received.forEach(r -> partitions.add(r.partition()));
            assertEquals(Set.of(0, 1, 2), partitions, "keys spread over all partitions");
        }
    }

    @Test
    void injectsTheRunningBroker(EmbeddedKafkaBroker broker) {
        assertSame(KAFKA.broker(), broker);
        assertTrue(broker.isRunning());
        assertEquals("localhost:" + broker.port(), broker.bootstrapServers());
    }
}
