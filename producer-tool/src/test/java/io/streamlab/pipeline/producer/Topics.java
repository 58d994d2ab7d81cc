package io.streamlab.pipeline.producer;

import io.streamlab.pipeline.producer.topics.TopicAdmin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads back what a test published: every record a topic holds now, in partition order. */
public final class Topics {
    private Topics() {}

    public static List<ConsumerRecord<String, byte[]>> readAll(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Could not read " + topic + " to its end within 30 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    public static boolean exists(String bootstrapServers, String topic) {
        try (Admin admin =
                Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return admin.listTopics()
                    .names()
                    .get(30, java.util.concurrent.TimeUnit.SECONDS)
                    .contains(topic);
        } catch (Exception e) {
            throw new AssertionError("cannot list the topics", e);
        }
    }

    /** Deletes a topic and returns once the broker no longer lists it (so that it can be created again). */
    public static void delete(String bootstrapServers, String topic) {
        try (Admin admin =
                Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.deleteTopics(List.of(topic)).all().get(30, java.util.concurrent.TimeUnit.SECONDS);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (admin.listTopics()
                    .names()
                    .get(30, java.util.concurrent.TimeUnit.SECONDS)
                    .contains(topic)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(topic + " still listed 30 s after its deletion");
                }
                Thread.sleep(50);
            }
        } catch (Exception e) {
            throw new AssertionError("cannot delete " + topic, e);
        }
    }

    /**
     * Creates a topic the way the tool does ({@link TopicAdmin#ensure}: it returns once the leaders
     * serve the partitions, so the first produce request does not meet NOT_LEADER_OR_FOLLOWER).
     */
    public static void create(String bootstrapServers, String topic, int partitions) {
        try (Admin admin =
                Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            new TopicAdmin(admin).ensure(topic, partitions, (short) 1, Map.of());
        }
    }

    private static List<TopicPartition> threePartitions(String topic) {
        return List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1), new TopicPartition(topic, 2));
    }

    private static KafkaConsumer<byte[], byte[]> readCommitted(
            String bootstrapServers, List<TopicPartition> partitions) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props);
        consumer.assign(partitions);
        return consumer;
    }

    /** Blocks until a topic of 3 partitions holds at least {@code n} committed records; fails after 60 s. */
    public static void awaitRecords(String bootstrapServers, String topic, long n) {
        List<TopicPartition> partitions = threePartitions(topic);
        try (KafkaConsumer<byte[], byte[]> consumer = readCommitted(bootstrapServers, partitions)) {
            consumer.seekToBeginning(partitions);
            long seen = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (seen < n) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("only " + seen + " records on " + topic + " after 60 s");
                }
                seen += consumer.poll(Duration.ofMillis(100)).count();
            }
        }
    }

    /**
     * Waits until a topic of 3 partitions holds a committed record, and returns the sum of its partitions'
     * last stable offsets then: the records of the transactions committed so far, plus one commit marker
     * per partition each wrote to. Fails after 60 s.
     */
    public static long awaitFirstCommitted(String bootstrapServers, String topic) {
        List<TopicPartition> partitions = threePartitions(topic);
        try (KafkaConsumer<byte[], byte[]> consumer = readCommitted(bootstrapServers, partitions)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                consumer.seekToBeginning(partitions);
                long committed = consumer.endOffsets(partitions).values().stream()
                        .mapToLong(Long::longValue)
                        .sum();
                if (committed > 0) {
                    return committed;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no committed record on " + topic + " after 60 s");
                }
                consumer.poll(Duration.ofMillis(50));
            }
        }
    }

    public static long count(String bootstrapServers, String topic) {
        return readAll(bootstrapServers, topic).size();
    }
}
