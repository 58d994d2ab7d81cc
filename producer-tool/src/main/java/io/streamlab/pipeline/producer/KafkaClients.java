package io.streamlab.pipeline.producer;

import io.streamlab.pipeline.config.ConfigException;
import io.streamlab.pipeline.config.KafkaReachability;
import io.streamlab.pipeline.config.PipelineConfig;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Every Kafka client of the tool is made here, so each one carries the configured security settings
 * ({@link PipelineConfig.Kafka#securityProperties()}, never logged) and the bootstrap servers.
 */
public final class KafkaClients {
    private KafkaClients() {}

    public static Properties common(PipelineConfig.Kafka kafka, String clientId) {
        Properties props = kafka.securityProperties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        return props;
    }

    /**
     * Waits (kafka.startup-timeout at most) for a broker to answer; a {@link ToolFailure} otherwise, and
     * {@link StoppedBeforeStart} (exit 130) when a stop is asked for during the wait.
     */
    public static void awaitReachable(PipelineConfig.Kafka kafka, StopSignal stop) {
        try {
            if (KafkaReachability.await(kafka, stop::requested) == KafkaReachability.STOPPED) {
                throw new StoppedBeforeStart("stopped while waiting for Kafka at " + kafka.bootstrapServers());
            }
        } catch (ConfigException e) {
            throw new ToolFailure(e.getMessage());
        }
    }

    public static Admin admin(PipelineConfig.Kafka kafka) {
        try {
            return KafkaReachability.admin(kafka, adminProperties(kafka));
        } catch (ConfigException e) {
            throw new ToolFailure(e.getMessage());
        }
    }

    static Properties adminProperties(PipelineConfig.Kafka kafka) {
        Properties props = common(kafka, "producer-tool-admin");
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, kafka.startupTimeout().toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Math.max(timeoutMs, 15_000));
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(Math.max(timeoutMs, 15_000), 30_000));
        return props;
    }

    /**
     * The publishing producer: idempotent, acks=all, lz4, linger 10 ms, 256 KiB batches. Its own delivery
     * timeout is bounded by kafka.startup-timeout; the publisher retries failed batches on top of it. It
     * takes any record up to {@code limits.record.max-bytes}: Kafka's default of 1 MiB refused a record the
     * limits allow as fatal, and a re-run stopped at the same record every time.
     */
    public static KafkaProducer<String, byte[]> producer(PipelineConfig config) {
        return new KafkaProducer<>(producerProperties(config));
    }

    /** A record's size as Kafka counts it against max.request.size is its key and value plus less than this. */
    static final int RECORD_OVERHEAD_BYTES = 256;

    static Properties producerProperties(PipelineConfig config) {
        PipelineConfig.Kafka kafka = config.kafka();
        PipelineConfig.Limits limits = config.limits();
        long maxRequest = Math.max(1L << 20, limits.maxRecordBytes() + limits.maxKeyBytes() + RECORD_OVERHEAD_BYTES);
        Properties props = common(kafka, "producer-tool");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, (int) Math.min(Integer.MAX_VALUE, maxRequest));
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(64L << 20, maxRequest + (1L << 20)));
        long timeoutMs = Math.max(kafka.startupTimeout().toMillis(), 5_000);
        int requestTimeout = (int) Math.min(timeoutMs, 30_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeout);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeoutMs(kafka));
        // how long send() may wait for a partition's leader or for buffer space
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(timeoutMs, 15_000));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    /**
     * The producer of a dataset with an id: the publishing producer, transactional. {@code transactionalId}
     * is stable per (topic, dataset) so a re-run fences a killed run's producer and aborts its open
     * transaction; the caller calls initTransactions().
     */
    public static KafkaProducer<String, byte[]> transactionalProducer(PipelineConfig config, String transactionalId) {
        PipelineConfig.Kafka kafka = config.kafka();
        Properties props = producerProperties(config);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int)
                transactionTimeout(kafka).toMillis());
        return new KafkaProducer<>(props);
    }

    /**
     * How long a transaction may stay open before the broker aborts it: a chunk's sends may take up to
     * the delivery timeout, plus 30 s; at least 60 s, at most 10 min (brokers refuse more than
     * transaction.max.timeout.ms, 15 min by default). It is also how long read_committed consumers of a
     * topic wait past the open transaction of a killed run that nobody runs again.
     */
    public static Duration transactionTimeout(PipelineConfig.Kafka kafka) {
        long ms = deliveryTimeoutMs(kafka) + 30_000;
        return Duration.ofMillis(Math.max(60_000, Math.min(ms, 600_000)));
    }

    private static long deliveryTimeoutMs(PipelineConfig.Kafka kafka) {
        long timeoutMs = Math.max(kafka.startupTimeout().toMillis(), 5_000);
        return Math.min(Integer.MAX_VALUE, timeoutMs + Math.min(timeoutMs, 30_000) + 10);
    }

    /** A consumer without a group (assign only), reading committed data. */
    public static KafkaConsumer<byte[], byte[]> reader(PipelineConfig.Kafka kafka) {
        return new KafkaConsumer<>(readerProperties(kafka));
    }

    static Properties readerProperties(PipelineConfig.Kafka kafka) {
        Properties props = common(kafka, "producer-tool-reader");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int)
                Math.max(kafka.startupTimeout().toMillis(), 15_000));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }
}
