package org.apache.flink.connector.kafka.source.reader;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.fetcher.SplitFetcher;
import org.apache.flink.connector.base.source.reader.synchronization.FutureCompletingBlockingQueue;
import org.apache.flink.connector.kafka.source.reader.fetcher.KafkaSourceFetcherManager;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;

/**
 * The connector's fetcher manager, whose offset commits run when a checkpoint completes. The connector
 * queues a commit for its fetcher thread without waking it, and that thread waits up to 10 s in a poll
 * of an idle partition (or in handing records on, under backpressure): the group's offsets in Kafka (the
 * lag that Kafbat and the consumer-group tools show) stayed up to 10 s behind the job on a quiet input,
 * and the commit of a stop's savepoint was dropped when the job ended first. After queuing the commit,
 * this queues an empty pause-or-resume of splits: the one task the connector's fetcher takes with a
 * wake-up, which interrupts a poll or a hand-over under way and nothing else (a woken poll keeps its
 * records for the next one). Each commit is recorded as the source's {@link LastCommit} as it is queued,
 * for the first split reader to close to make it if no answer confirmed it.
 */
public final class PromptlyCommittingFetcherManager extends KafkaSourceFetcherManager {
    private final LastCommit lastCommit;

    /**
     * A manager whose fetcher reads with the split readers {@code readers} makes, which share its {@code
     * lastCommit}.
     */
    public PromptlyCommittingFetcherManager(
            FutureCompletingBlockingQueue<RecordsWithSplitIds<ConsumerRecord<byte[], byte[]>>> elementsQueue,
            Supplier<DeletedRecordsReportingSplitReader> readers,
            LastCommit lastCommit) {
        super(elementsQueue, readers::get, ignored -> {});
        this.lastCommit = lastCommit;
    }

    @Override
    public void commitOffsets(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
        SplitFetcher<ConsumerRecord<byte[], byte[]>, KafkaPartitionSplit> running = fetchers.get(0);
        super.commitOffsets(offsets, offsets.isEmpty() ? callback : lastCommit.queued(offsets, callback));
        // without a running fetcher, the connector started one for the commit: it is not waiting
        if (running != null && !offsets.isEmpty()) {
            running.pauseOrResumeSplits(List.of(), List.of());
        }
    }
}
