package io.streamlab.pipeline.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TransactionsITCase {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final String TOPIC = "tx-events";
    private static final String END_MARKER = "end";

    @Test
    void readCommittedConsumerSeesCommittedButNotAbortedRecords() {
        // One partition, so "the end marker arrived" implies everything written before it was
        // either delivered or filtered out: no need to wait and hope for absent records.
        KAFKA.createTopic(TOPIC, 1);

        List<String> committed = new ArrayList<>();
        try (KafkaProducer<String, String> producer = TestClients.producer(
                KAFKA.bootstrapServers(), Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-test-producer"))) {
            producer.initTransactions();

            producer.beginTransaction();
            for (int i = 0; i < 10; i++) {
                String value = "committed-" + i;
                committed.add(value);
                producer.send(new ProducerRecord<>(TOPIC, value));
            }
            producer.commitTransaction();

            producer.beginTransaction();
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "aborted-" + i));
            }
            // flush so the aborted records really are in the log, ahead of the marker
            producer.flush();
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(TOPIC, END_MARKER));
            producer.commitTransaction();
        }
        committed.add(END_MARKER);

        try (KafkaConsumer<String, String> consumer = TestClients.consumer(
                KAFKA.bootstrapServers(),
                "tx-reader",
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
            consumer.subscribe(List.of(TOPIC));
            List<ConsumerRecord<String, String>> received = TestClients.pollUntil(
                    consumer, records -> records.stream().anyMatch(r -> END_MARKER.equals(r.value())));

            assertEquals(committed, TestClients.values(received));
        }

        // The aborted records are in the log: a read_uncommitted consumer gets them.
        try (KafkaConsumer<String, String> consumer = TestClients.consumer(
                KAFKA.bootstrapServers(),
                "raw-reader",
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"))) {
            consumer.subscribe(List.of(TOPIC));
            List<ConsumerRecord<String, String>> received = TestClients.pollUntil(
                    consumer, records -> records.stream().anyMatch(r -> END_MARKER.equals(r.value())));

            assertEquals(
                    5,
                    TestClients.values(received).stream()
                            .filter(v -> v.startsWith("aborted-"))
                            .count());
        }
    }
}
