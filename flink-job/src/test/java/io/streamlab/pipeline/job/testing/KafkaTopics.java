package io.streamlab.pipeline.job.testing;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.job.tickets.TestTickets;
import io.streamlab.pipeline.kafka.EmbeddedKafkaBroker;
import io.streamlab.pipeline.records.Json;
import io.streamlab.pipeline.records.Track;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Plain Kafka clients for tests: create the contract topics, publish, read a topic to its end, read the
 * team topics, and tell whether a consumer group (the job's sources) has consumed a topic.
 */
public final class KafkaTopics {
    private KafkaTopics() {}

    public static void createAll(EmbeddedKafkaBroker broker, PipelineConfig config) {
        broker.createTopic(config.topics().tracks(), config.topics().partitions());
        broker.createTopic(config.topics().tickets(), config.topics().partitions());
        broker.createTopic(config.topics().deadLetters(), 1);
        config.routing()
                .teamTopics()
                .values()
                .forEach(t -> broker.createTopic(t, config.topics().partitions()));
    }

    /** Publishes tracks and tickets, each keyed by its id, to the configured input topics. */
    public static void publishInputs(
            String bootstrap, PipelineConfig config, List<Track> tracks, List<TestTickets.Generated> tickets) {
        publish(
                bootstrap,
                config.topics().tracks(),
                tracks.stream().map(t -> Map.entry(t.trackId(), Json.write(t))).toList());
        publish(
                bootstrap,
                config.topics().tickets(),
                tickets.stream().map(t -> Map.entry(t.ticketId(), t.json())).toList());
    }

    /** Publishes key/value pairs in order; a null key lets the producer spread records. */
    public static void publish(String bootstrap, String topic, List<Map.Entry<String, byte[]>> records) {
        publish(bootstrap, topic, null, records);
    }

    public static void publish(
            String bootstrap, String topic, Integer partition, List<Map.Entry<String, byte[]>> records) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Map.Entry<String, byte[]> r : records) {
                byte[] key = r.getKey() == null ? null : r.getKey().getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic, partition, key, r.getValue()));
            }
            producer.flush();
        }
    }

    /** Everything committed in the topic, read with read_committed up to the end offsets at call time. */
    public static List<ConsumerRecord<String, String>> readCommitted(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, String>> result = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Could not read " + topic + " to its end within 60 s");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    result.add(new ConsumerRecord<>(
                            r.topic(),
                            r.partition(),
                            r.offset(),
                            r.timestamp(),
                            r.timestampType(),
                            r.serializedKeySize(),
                            r.serializedValueSize(),
                            r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
                            new String(r.value(), StandardCharsets.UTF_8),
                            r.headers(),
                            r.leaderEpoch()));
                }
            }
        }
        return result;
    }

    /**
     * What the team topics hold (read_committed): ticket id -> the team topic it is in. A ticket found
     * twice (in one topic or in two) fails with both places: exactly once means once, in one topic.
     */
    public static Map<String, String> ticketsByTopic(String bootstrap, Iterable<String> teamTopics) {
        Map<String, String> result = new TreeMap<>();
        List<String> twice = new ArrayList<>();
        for (String topic : teamTopics) {
            for (ConsumerRecord<String, String> r : readCommitted(bootstrap, topic)) {
                String before = result.put(r.key(), topic);
                if (before != null) {
                    twice.add(r.key() + " (in " + before + " and " + topic + ")");
                }
            }
        }
        if (!twice.isEmpty()) {
            throw new AssertionError(twice.size() + " ticket(s) written twice to the team topics: "
                    + twice.subList(0, Math.min(10, twice.size())));
        }
        return result;
    }

    /**
     * Whether {@code groupId} has committed, for every partition of every topic, the topic's end offset:
     * the job's Kafka sources commit their positions when a checkpoint completes, so this means every
     * record published so far is covered by a completed checkpoint.
     */
    public static boolean consumed(String bootstrap, String groupId, String... topics) {
        try (Admin admin = admin(bootstrap)) {
            Map<TopicPartition, OffsetAndMetadata> committed = groupOffsets(admin, groupId);
            return endOffsets(admin, topics).entrySet().stream().allMatch(e -> {
                OffsetAndMetadata c = committed.get(e.getKey());
                return e.getValue() == 0 || (c != null && c.offset() >= e.getValue());
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            // the broker may be restarting: not consumed yet, ask again
            return false;
        }
    }

    /** The offsets consumer group {@code groupId} has committed, per partition. */
    public static Map<TopicPartition, Long> groupOffsets(String bootstrap, String groupId) {
        try (Admin admin = admin(bootstrap)) {
            Map<TopicPartition, Long> offsets = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
            groupOffsets(admin, groupId).forEach((partition, offset) -> offsets.put(partition, offset.offset()));
            return offsets;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the offsets of group " + groupId, e);
        }
    }

    /** The end offset of every partition of {@code topics}. */
    public static Map<TopicPartition, Long> endOffsets(String bootstrap, String... topics) {
        try (Admin admin = admin(bootstrap)) {
            return endOffsets(admin, topics);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the end offsets of " + List.of(topics), e);
        }
    }

    /**
     * Sets the committed offsets of {@code groupId} (which must have no active member) for every partition
     * of {@code topic}: to the end of the partition, or to its start.
     */
    public static void moveGroupOffsets(String bootstrap, String groupId, String topic, boolean toEnd) {
        try (Admin admin = admin(bootstrap)) {
            Map<TopicPartition, OffsetAndMetadata> moved = new HashMap<>();
            endOffsets(admin, topic)
                    .forEach((partition, end) -> moved.put(partition, new OffsetAndMetadata(toEnd ? end : 0L)));
            admin.alterConsumerGroupOffsets(groupId, moved).all().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot move the offsets of group " + groupId + " on " + topic, e);
        }
    }

    private static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        return Admin.create(p);
    }

    private static Map<TopicPartition, OffsetAndMetadata> groupOffsets(Admin admin, String groupId) throws Exception {
        return admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, String... topics) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (String topic : topics) {
            admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .forEach(info -> latest.put(new TopicPartition(topic, info.partition()), OffsetSpec.latest()));
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest)
                .all()
                .get(10, TimeUnit.SECONDS)
                .forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }
}
