package org.apache.flink.connector.kafka.source.reader;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.synchronization.FutureCompletingBlockingQueue;
import org.apache.flink.connector.kafka.source.reader.fetcher.KafkaSourceFetcherManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;

/**
 * The connector's fetcher manager, whose offset commits run when a checkpoint completes. The connector
 * queues a commit for its fetcher thread without waking it, and that thread waits up to 10 s in a poll
 * of an idle partition: the group's offsets in Kafka (the lag that Kafbat and the consumer-group tools
 * show) stayed up to 10 s behind the job on a quiet input, and the commit of a stop's savepoint was
 * dropped when the job ended before the poll did. Waking the split reader ends the poll (its records stay
 * in the consumer for the next one), as the connector does itself when splits are added.
 */
public final class PromptlyCommittingFetcherManager extends KafkaSourceFetcherManager {
    private final AtomicReference<KafkaPartitionSplitReader> reader;

    /** A manager whose fetcher reads with the split readers {@code readers} makes. */
    public static PromptlyCommittingFetcherManager create(
            FutureCompletingBlockingQueue<RecordsWithSplitIds<ConsumerRecord<byte[], byte[]>>> elementsQueue,
            Supplier<? extends KafkaPartitionSplitReader> readers) {
        AtomicReference<KafkaPartitionSplitReader> latest = new AtomicReference<>();
        return new PromptlyCommittingFetcherManager(elementsQueue, readers, latest);
    }

    private PromptlyCommittingFetcherManager(
            FutureCompletingBlockingQueue<RecordsWithSplitIds<ConsumerRecord<byte[], byte[]>>> elementsQueue,
            Supplier<? extends KafkaPartitionSplitReader> readers,
            AtomicReference<KafkaPartitionSplitReader> latest) {
        super(
                elementsQueue,
                () -> {
                    KafkaPartitionSplitReader reader = readers.get();
                    latest.set(reader);
                    return reader;
                },
                ignored -> {});
        this.reader = latest;
    }

    @Override
    public void commitOffsets(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
        super.commitOffsets(offsets, callback);
        KafkaPartitionSplitReader current = reader.get();
        if (current != null && !offsets.isEmpty()) {
            current.wakeUp();
        }
    }
}
