package org.apache.flink.connector.kafka.sink;

import io.streamlab.pipeline.job.sinks.ForgottenTransactionsCommitter;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Collection;
import java.util.Properties;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.internal.KafkaCommitter;
import org.apache.flink.connector.kafka.sink.internal.TransactionFinished;
import org.apache.kafka.clients.admin.Admin;

/**
 * An exactly-once {@link KafkaSink} whose writers close the admin client they open. In
 * flink-connector-kafka 5.0.0-2.2 the exactly-once writer opens an admin client to list lingering
 * transactions ({@link TransactionNamingStrategy#POOLING}) and never closes it: every start of a sink
 * subtask, failed or not, left a Kafka client thread and its connections in the TaskManager, a leak
 * that grows with each failover for as long as the TaskManager lives.
 *
 * <p>Why in the connector's package: the writer opens the client in {@code initialize()}, and when that
 * fails (the broker unreachable, a cancel during the start) it closes itself and throws before the sink
 * returns it. Only a subclass of the writer, which this sink's {@link #restoreWriter} creates, closes the
 * client on that path too, and the writer class, its constructor and the sink's constructor are
 * package-private. So the connector must be loaded by the same class loader as this class: bundled in
 * the job jar, as it is, not put in Flink's {@code lib/} (an {@code IllegalAccessError} at start). Everything else is
 * {@link KafkaSink}'s (its state, committables, committer and post-commit topology), so savepoints are
 * unchanged. {@code AdminClosingKafkaSinkITCase} fails if a connector upgrade renames the field or
 * changes when the client is opened; if the connector starts closing it itself, this class can go.
 *
 * <p>Its committer also takes a restored transaction whose id the broker forgot for committed, where the
 * connector's failed the job at every restore ({@link ForgottenTransactionsCommitter},
 * {@code ExpiredTransactionalIdsITCase}).
 */
public final class AdminClosingKafkaSink<IN> extends KafkaSink<IN> {
    private static final long serialVersionUID = 1L;

    /** The exactly-once writer's lazily created admin client, looked up once so that a rename fails at once. */
    private static final Field ADMIN_CLIENT = adminClientField();

    private final Properties producerConfig;
    private final String transactionalIdPrefix;
    private final KafkaRecordSerializationSchema<IN> recordSerializer;
    private final TransactionNamingStrategy namingStrategy;

    private AdminClosingKafkaSink(
            Properties producerConfig,
            String transactionalIdPrefix,
            KafkaRecordSerializationSchema<IN> recordSerializer,
            TransactionNamingStrategy namingStrategy) {
        super(DeliveryGuarantee.EXACTLY_ONCE, producerConfig, transactionalIdPrefix, recordSerializer, namingStrategy);
        this.producerConfig = producerConfig;
        this.transactionalIdPrefix = transactionalIdPrefix;
        this.recordSerializer = recordSerializer;
        this.namingStrategy = namingStrategy;
    }

    /**
     * The exactly-once sink {@link KafkaSinkBuilder} builds from these settings (its checks and
     * defaults included), with writers that close their admin client.
     */
    public static <IN> KafkaSink<IN> exactlyOnce(
            String bootstrapServers,
            Properties producerConfig,
            String transactionalIdPrefix,
            KafkaRecordSerializationSchema<IN> recordSerializer,
            TransactionNamingStrategy namingStrategy) {
        KafkaSink<IN> built = KafkaSink.<IN>builder()
                .setBootstrapServers(bootstrapServers)
                .setKafkaProducerConfig(producerConfig)
                .setRecordSerializer(recordSerializer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setTransactionNamingStrategy(namingStrategy)
                .build();
        return new AdminClosingKafkaSink<>(
                built.getKafkaProducerConfig(), transactionalIdPrefix, recordSerializer, namingStrategy);
    }

    /** A copy of the settings its producers (and its committer's admin client) are made with. */
    public Properties producerSettings() {
        Properties copy = new Properties();
        copy.putAll(producerConfig);
        return copy;
    }

    /** What {@link KafkaSink#restoreWriter} does for an exactly-once sink, with the closing writer. */
    @Override
    public KafkaWriter<IN> restoreWriter(WriterInitContext context, Collection<KafkaWriterState> recoveredState) {
        Writer<IN> writer = new Writer<>(
                producerConfig, transactionalIdPrefix, context, recordSerializer, namingStrategy, recoveredState);
        // on failure, initialize() closes the writer (so its admin client) before throwing
        writer.initialize();
        return writer;
    }

    /**
     * The connector's committer, which takes a restored transaction whose id the broker forgot for
     * committed instead of failing the job at every restore ({@link ForgottenTransactionsCommitter}).
     */
    @Override
    public Committer<KafkaCommittable> createCommitter(CommitterInitContext context) {
        Committer<KafkaCommittable> committer = super.createCommitter(context);
        return new ForgottenTransactionsCommitter(
                committer,
                ForgottenTransactionsCommitter.askingTheBroker(producerConfig),
                id -> {
                    if (committer instanceof KafkaCommitter kafka) {
                        kafka.getBackchannel().send(TransactionFinished.successful(id));
                    }
                },
                context.metricGroup().counter(ForgottenTransactionsCommitter.METRIC));
    }

    /** The admin client a writer opened, if any (null before it needed one). */
    static Admin openedAdmin(ExactlyOnceKafkaWriter<?> writer) {
        try {
            return (Admin) ADMIN_CLIENT.get(writer);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read the Kafka writer's admin client", e);
        }
    }

    private static Field adminClientField() {
        try {
            Field field = ExactlyOnceKafkaWriter.class.getDeclaredField("adminClient");
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(
                    "flink-connector-kafka changed: its exactly-once writer has no field adminClient any more;"
                            + " check whether it closes its admin client itself, then update AdminClosingKafkaSink",
                    e);
        }
    }

    private static final class Writer<IN> extends ExactlyOnceKafkaWriter<IN> {
        Writer(
                Properties producerConfig,
                String transactionalIdPrefix,
                WriterInitContext context,
                KafkaRecordSerializationSchema<IN> recordSerializer,
                TransactionNamingStrategy namingStrategy,
                Collection<KafkaWriterState> recoveredState) {
            super(
                    DeliveryGuarantee.EXACTLY_ONCE,
                    producerConfig,
                    transactionalIdPrefix,
                    context,
                    recordSerializer,
                    context.asSerializationSchemaInitializationContext(),
                    namingStrategy.getAbortImpl(),
                    namingStrategy.getImpl(),
                    recoveredState);
        }

        @Override
        public void close() throws Exception {
            try {
                super.close();
            } finally {
                Admin admin = openedAdmin(this);
                if (admin != null) {
                    // nothing is pending on it by now: it only lists transactions at start-up
                    admin.close(Duration.ZERO);
                }
            }
        }
    }
}
