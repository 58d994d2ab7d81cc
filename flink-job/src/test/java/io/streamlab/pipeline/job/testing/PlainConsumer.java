package io.streamlab.pipeline.job.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The baseline of the pipeline benchmarks: a plain KafkaConsumer that reads a topic from the beginning
 * and parses every record, the rate no pipeline can beat on the same machine.
 */
public final class PlainConsumer {
    /** Parses one record value; may throw like the contract parsers do. */
    @FunctionalInterface
    public interface Parser {
        void parse(byte[] value) throws Exception;
    }

    private PlainConsumer() {}

    /** Records per second to read and parse {@code count} records of {@code topic}. */
    public static double rate(String bootstrap, String topic, int count, Parser parser) throws Exception {
        try (KafkaConsumer<byte[], byte[]> consumer = fromTheStart(bootstrap, topic)) {
            long start = System.nanoTime();
            long read = 0;
            long deadline = start + Duration.ofMinutes(5).toNanos();
            while (read < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    parser.parse(r.value());
                    read++;
                }
            }
            if (read != count) {
                throw new AssertionError("read " + read + " of " + count);
            }
            return count / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** How many committed records {@code topic} holds, read up to its last stable offsets. */
    public static long count(String bootstrap, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = fromTheStart(bootstrap, topic)) {
            Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
            long records = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " up to " + ends + " within a minute");
                }
                records += consumer.poll(Duration.ofMillis(100)).count();
            }
            return records;
        }
    }

    /** The consumer the rates are measured with: {@code read_committed}, large polls, at the start of every partition. */
    public static KafkaConsumer<byte[], byte[]> fromTheStart(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 16 * 1024 * 1024);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(i -> new TopicPartition(topic, i.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }
}
