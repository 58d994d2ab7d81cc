package io.streamlab.pipeline.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Real Kafka clients for the tests, and bounded waits on what they receive. */
final class TestClients {

    static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(30);

    private TestClients() {}

    static KafkaProducer<String, String> producer(String bootstrapServers, Map<String, Object> extra) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.putAll(extra);
        return new KafkaProducer<>(props);
    }

    static KafkaConsumer<String, String> consumer(String bootstrapServers, String groupId, Map<String, Object> extra) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.putAll(extra);
        return new KafkaConsumer<>(props);
    }

    /** Sends {@code count} records {@code key-i -> prefix-i} and waits until the broker acknowledged each. */
    static List<String> produce(String bootstrapServers, String topic, String prefix, int count) throws Exception {
        List<String> values = new ArrayList<>();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer(bootstrapServers, Map.of())) {
            for (int i = 0; i < count; i++) {
                String value = prefix + "-" + i;
                values.add(value);
                acks.add(producer.send(new ProducerRecord<>(topic, "key-" + i, value)));
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(RECEIVE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        }
        return values;
    }

    /** Polls until {@code expected} records have arrived or {@link #RECEIVE_TIMEOUT} passes. */
    static List<ConsumerRecord<String, String>> pollUntilCount(Consumer<String, String> consumer, int expected) {
        return pollUntil(consumer, received -> received.size() >= expected);
    }

    /** Polls until {@code done} holds for everything received so far, or {@link #RECEIVE_TIMEOUT} passes. */
    static List<ConsumerRecord<String, String>> pollUntil(
            Consumer<String, String> consumer, Predicate<List<ConsumerRecord<String, String>>> done) {
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        long deadline = System.nanoTime() + RECEIVE_TIMEOUT.toNanos();
        while (!done.test(received) && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(received::add);
        }
        return received;
    }

    static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }
}
