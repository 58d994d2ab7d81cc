package org.apache.flink.connector.kafka.source;

import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.synchronization.FutureCompletingBlockingQueue;
import org.apache.flink.connector.kafka.source.enumerator.KafkaSourceEnumState;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.metrics.KafkaSourceReaderMetrics;
import org.apache.flink.connector.kafka.source.reader.DeletedRecordsReportingSplitReader;
import org.apache.flink.connector.kafka.source.reader.KafkaRecordEmitter;
import org.apache.flink.connector.kafka.source.reader.KafkaSourceReader;
import org.apache.flink.connector.kafka.source.reader.LastCommit;
import org.apache.flink.connector.kafka.source.reader.PromptlyCommittingFetcherManager;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.lineage.LineageVertexProvider;
import org.apache.flink.streaming.api.lineage.SourceLineageVertex;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;

/**
 * A {@link KafkaSource} whose readers report records deleted before they were read, where the
 * connector skips them without a word. When a reader's position in a partition is no longer in the log
 * (the topic's retention deleted it while the job was stopped or behind, or the topic was recreated),
 * Kafka's consumer moves to the oldest record kept ({@code auto.offset.reset}), and the job went on as if
 * nothing was missing. Here the consumer has no reset strategy ({@code none}, see {@link
 * #withoutOffsetReset}), so it stops at such a position, and {@link DeletedRecordsReportingSplitReader}
 * moves to the oldest record kept itself and hands the deserializer one record that says which offsets
 * were lost ({@link DeletedRecordsReportingSplitReader#DELETED_UNREAD_HEADER}): a dead letter.
 *
 * <p>Everything else is the wrapped {@link KafkaSource}'s: its enumerator, splits, serializers and
 * settings, so savepoints are unchanged. It sits in the connector's package because the source's settings
 * and its reader's parts are package-private; {@code DeletedInputITCase} fails if a connector upgrade
 * changes them.
 */
public final class DeletedRecordsReportingKafkaSource<OUT>
        implements Source<OUT, KafkaPartitionSplit, KafkaSourceEnumState>,
                ResultTypeQueryable<OUT>,
                LineageVertexProvider {
    private static final long serialVersionUID = 1L;

    private final KafkaSource<OUT> source;
    private final KafkaRecordDeserializationSchema<OUT> deserializer;
    private final Properties props = new Properties();

    /** A copy of the settings its consumers are made with: what the wiring's tests check (security). */
    public Properties consumerProperties() {
        Properties copy = new Properties();
        copy.putAll(props);
        return copy;
    }

    /**
     * Wraps {@code source}, built with {@code deserializer} and starting offsets {@link
     * #withoutOffsetReset without a reset strategy}.
     */
    public DeletedRecordsReportingKafkaSource(
            KafkaSource<OUT> source, KafkaRecordDeserializationSchema<OUT> deserializer) {
        this.source = source;
        this.deserializer = deserializer;
        props.putAll(source.getConfiguration().toMap());
        if (!"none".equals(props.getProperty("auto.offset.reset"))) {
            throw new IllegalArgumentException("the source must be built with starting offsets without a reset"
                    + " strategy (withoutOffsetReset), not auto.offset.reset "
                    + props.getProperty("auto.offset.reset"));
        }
    }

    /** {@code initializer}'s starting offsets, with no {@code auto.offset.reset} for the consumer. */
    public static OffsetsInitializer withoutOffsetReset(OffsetsInitializer initializer) {
        return new NoResetOffsetsInitializer(initializer);
    }

    @Override
    public Boundedness getBoundedness() {
        return source.getBoundedness();
    }

    /** What {@link KafkaSource#createReader} builds, with the split reader that reports deleted records. */
    @Override
    public SourceReader<OUT, KafkaPartitionSplit> createReader(SourceReaderContext readerContext) throws Exception {
        FutureCompletingBlockingQueue<RecordsWithSplitIds<ConsumerRecord<byte[], byte[]>>> elementsQueue =
                new FutureCompletingBlockingQueue<>();
        deserializer.open(new DeserializationSchema.InitializationContext() {
            @Override
            public MetricGroup getMetricGroup() {
                return readerContext.metricGroup().addGroup("deserializer");
            }

            @Override
            public UserCodeClassLoader getUserCodeClassLoader() {
                return readerContext.getUserCodeClassLoader();
            }
        });
        KafkaSourceReaderMetrics metrics = new KafkaSourceReaderMetrics(readerContext.metricGroup());
        LastCommit lastCommit = new LastCommit();
        return new KafkaSourceReader<>(
                elementsQueue,
                new PromptlyCommittingFetcherManager(
                        elementsQueue,
                        () -> new DeletedRecordsReportingSplitReader(props, readerContext, metrics, lastCommit),
                        lastCommit),
                new KafkaRecordEmitter<>(deserializer),
                source.getConfiguration(),
                readerContext,
                metrics);
    }

    @Override
    public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> createEnumerator(
            SplitEnumeratorContext<KafkaPartitionSplit> enumContext) {
        return source.createEnumerator(enumContext);
    }

    @Override
    public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> restoreEnumerator(
            SplitEnumeratorContext<KafkaPartitionSplit> enumContext, KafkaSourceEnumState checkpoint) throws Exception {
        return source.restoreEnumerator(enumContext, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<KafkaPartitionSplit> getSplitSerializer() {
        return source.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<KafkaSourceEnumState> getEnumeratorCheckpointSerializer() {
        return source.getEnumeratorCheckpointSerializer();
    }

    @Override
    public TypeInformation<OUT> getProducedType() {
        return source.getProducedType();
    }

    @Override
    public SourceLineageVertex getLineageVertex() {
        return source.getLineageVertex();
    }

    /** The starting offsets of another initializer, without {@code auto.offset.reset}. */
    private static final class NoResetOffsetsInitializer implements OffsetsInitializer {
        private static final long serialVersionUID = 1L;
        private final OffsetsInitializer initializer;

        NoResetOffsetsInitializer(OffsetsInitializer initializer) {
            this.initializer = initializer;
        }

        @Override
        public Map<TopicPartition, Long> getPartitionOffsets(
                Collection<TopicPartition> partitions, PartitionOffsetsRetriever retriever) {
            return initializer.getPartitionOffsets(partitions, retriever);
        }

        @Override
        @SuppressWarnings("deprecation")
        public OffsetResetStrategy getAutoOffsetResetStrategy() {
            return OffsetResetStrategy.NONE;
        }
    }
}
