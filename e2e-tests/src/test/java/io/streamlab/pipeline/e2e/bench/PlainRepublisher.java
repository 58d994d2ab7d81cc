package io.streamlab.pipeline.e2e.bench;

import io.streamlab.pipeline.job.testing.PlainConsumer;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One of the ticket pipeline's four outputs on its own, without Flink: a plain consumer that parses each
 * ticket, as {@link PlainConsumer} does, and writes it back to another topic in Kafka transactions
 * committed every {@code commitEvery}, with the batching of the job's team-topic sinks. Its rate is the
 * ceiling of any pipeline that writes every ticket to Kafka exactly-once on the same machine.
 */
final class PlainRepublisher {
    private PlainRepublisher() {}

    /** Records per second to read, parse and republish {@code count} records of {@code from} into {@code to}. */
    static double rate(
            String bootstrap, String from, String to, int count, PlainConsumer.Parser parser, Duration commitEvery)
            throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "plain-republisher-" + UUID.randomUUID());
        // as the job's exactly-once sinks (KafkaWiring)
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        try (KafkaConsumer<byte[], byte[]> consumer = PlainConsumer.fromTheStart(bootstrap, from);
                KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            long start = System.nanoTime();
            long deadline = start + Duration.ofMinutes(5).toNanos();
            long nextCommit = start + commitEvery.toNanos();
            long read = 0;
            producer.beginTransaction();
            while (read < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    parser.parse(r.value());
                    producer.send(new ProducerRecord<>(to, r.key(), r.value()));
                    read++;
                }
                if (System.nanoTime() >= nextCommit) {
                    producer.commitTransaction();
                    producer.beginTransaction();
                    nextCommit = System.nanoTime() + commitEvery.toNanos();
                }
            }
            producer.commitTransaction();
            if (read != count) {
                throw new AssertionError("read " + read + " of " + count);
            }
            return count / ((System.nanoTime() - start) / 1e9);
        }
    }
}
