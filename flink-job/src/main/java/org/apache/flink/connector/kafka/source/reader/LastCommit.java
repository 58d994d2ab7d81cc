package org.apache.flink.connector.kafka.source.reader;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;

/**
 * A source reader's latest checkpoint offset commit that no answer has confirmed, shared by its fetcher
 * manager, which records each commit as it queues it, and its split readers, the first of which to close
 * makes it. The connector commits once, from a task queued for a fetcher: a commit failed by a group
 * coordinator that is loading or moving, or queued for a fetcher shut down before it took the task (a
 * stop), waited for the next checkpoint's commit, which a stopped job never makes.
 */
public final class LastCommit {
    /** The offsets of a checkpoint and the connector's callback for their commit. */
    record Commit(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {}

    private final AtomicReference<Commit> unconfirmed = new AtomicReference<>();

    /**
     * Records a checkpoint's commit as the latest, returning the callback to queue it with: a success
     * confirms it, unless a later checkpoint's commit was recorded since.
     */
    OffsetCommitCallback queued(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
        Commit commit = new Commit(offsets, callback);
        unconfirmed.set(commit);
        return (committed, e) -> {
            if (e == null) {
                unconfirmed.compareAndSet(commit, null);
            }
            callback.onComplete(committed, e);
        };
    }

    /** The latest commit no answer confirmed, or null; only the first caller gets it. */
    Commit take() {
        return unconfirmed.getAndSet(null);
    }
}
