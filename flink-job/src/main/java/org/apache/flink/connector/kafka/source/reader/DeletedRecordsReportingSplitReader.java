package org.apache.flink.connector.kafka.source.reader;

import io.streamlab.pipeline.records.DeadLetter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.kafka.source.metrics.KafkaSourceReaderMetrics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.LogTruncationException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector's split reader, for a consumer without {@code auto.offset.reset}: when a partition's
 * position is below the oldest record kept (deleted by retention) or past the log's end (the topic was
 * recreated), it moves to the oldest record kept and returns, for that partition,
 * one record without value whose {@value #DELETED_UNREAD_HEADER} header says what was lost ({@link
 * DeletedRange}), for the deserializer to turn into a dead letter. Its offset is the one before the oldest
 * record kept, so the split's position (in the next checkpoint) is that record: a restore of that
 * checkpoint does not report the loss again, one of an earlier checkpoint does, once more, as it re-reads
 * everything after it.
 *
 * <p>When it closes, it also makes its source's last checkpoint offset commit that no answer confirmed
 * ({@link LastCommit}), waiting up to {@link #LAST_COMMIT_TIMEOUT}.
 */
public final class DeletedRecordsReportingSplitReader extends KafkaPartitionSplitReader {
    private static final Logger LOG = LoggerFactory.getLogger(DeletedRecordsReportingSplitReader.class);

    /** How long a close waits for the last checkpoint's commit: a bound on stopping. */
    static final Duration LAST_COMMIT_TIMEOUT = Duration.ofSeconds(10);

    private final LastCommit lastCommit;

    /** The header of a report of deleted records; its value is a {@link DeletedRange}. */
    public static final String DELETED_UNREAD_HEADER = "streamlab-deleted-unread";

    /**
     * What a partition lost: the reader was at {@code position}; the partition's oldest record kept is at
     * {@code oldest} and its end at {@code end}. Below {@code oldest}, the offsets from {@code position} were
     * deleted unread; past {@code end}, the partition's log went back (the topic was recreated).
     */
    public record DeletedRange(long position, long oldest, long end) {
        public boolean pastTheEnd() {
            return DeadLetter.pastTheEnd(position, end);
        }

        String header() {
            return position + "," + oldest + "," + end;
        }

        /** The range a report's header holds, or null if it is not one. */
        public static DeletedRange parse(byte[] header) {
            try {
                String[] parts = new String(header, StandardCharsets.US_ASCII).split(",");
                return parts.length == 3
                        ? new DeletedRange(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]))
                        : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    public DeletedRecordsReportingSplitReader(
            Properties props, SourceReaderContext context, KafkaSourceReaderMetrics metrics, LastCommit lastCommit) {
        super(props, context, metrics);
        this.lastCommit = lastCommit;
    }

    @Override
    public void close() throws Exception {
        try {
            LastCommit.Commit last = lastCommit.take();
            if (last != null && !last.offsets().isEmpty()) {
                try {
                    commitSync(consumer(), last.offsets());
                    last.callback().onComplete(last.offsets(), null);
                } catch (KafkaException e) {
                    LOG.warn(
                            "The consumer group's offsets stay at an earlier checkpoint: the last one's commit was"
                                    + " not confirmed, and making it at close failed ({})",
                            e.toString());
                }
            }
        } finally {
            super.close();
        }
    }

    /** A commit made at close, whose first attempt can meet the wake-up of the fetcher's shutdown. */
    private static void commitSync(
            KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            consumer.commitSync(offsets, LAST_COMMIT_TIMEOUT);
        } catch (WakeupException e) {
            consumer.commitSync(offsets, LAST_COMMIT_TIMEOUT);
        }
    }

    @Override
    public RecordsWithSplitIds<ConsumerRecord<byte[], byte[]>> fetch() throws IOException {
        KafkaConsumer<byte[], byte[]> consumer = consumer();
        Map<TopicPartition, Long> before = new HashMap<>();
        try {
            for (TopicPartition partition : consumer.assignment()) {
                before.put(partition, consumer.position(partition));
            }
        } catch (OffsetOutOfRangeException e) {
            return outOfRange(e, Map.of());
        } catch (WakeupException e) {
            return new Reports(Map.of()); // woken up for new splits, or closing: the fetcher calls again
        }
        try {
            return super.fetch();
        } catch (OffsetOutOfRangeException e) {
            return outOfRange(e, before);
        }
    }

    /**
     * The connector's fetch polls, then asks the position of every partition, which can fail too: the
     * records of that poll are then dropped, so every partition goes back to where it was before it
     * ({@code before}), and the failed ones are moved.
     */
    private RecordsWithSplitIds<ConsumerRecord<byte[], byte[]>> outOfRange(
            OffsetOutOfRangeException e, Map<TopicPartition, Long> before) {
        KafkaConsumer<byte[], byte[]> consumer = consumer();
        Map<TopicPartition, Long> failed = new HashMap<>(e.offsetOutOfRangePartitions());
        // only those the poll moved: a seek drops the leader epoch a pending truncation check needs
        before.forEach((partition, position) -> {
            if (!failed.containsKey(partition) && consumer.assignment().contains(partition)) {
                try {
                    if (position(consumer, partition) != position) {
                        consumer.seek(partition, position);
                    }
                } catch (OffsetOutOfRangeException | TimeoutException pending) {
                    // not moved by the poll (its check is pending): the next poll reports it
                }
            }
        });
        if (e instanceof LogTruncationException truncation) {
            // the broker lost records the job had read (an unclean leader election): what the consumer did
            // with a reset strategy, go on from where the partition's log now diverges
            truncation.divergentOffsets().forEach((partition, divergent) -> {
                failed.remove(partition);
                consumer.seek(partition, divergent);
                LOG.warn(
                        "{}: the partition's log was truncated below the job's position (an unclean leader election?);"
                                + " reading on from offset {}",
                        partition,
                        divergent.offset());
            });
        }
        Map<String, ConsumerRecord<byte[], byte[]>> reports = new LinkedHashMap<>();
        if (failed.isEmpty()) {
            return new Reports(reports);
        }
        Map<TopicPartition, Long> oldest;
        Map<TopicPartition, Long> end;
        try {
            oldest = consumer.beginningOffsets(failed.keySet());
            end = consumer.endOffsets(failed.keySet());
        } catch (WakeupException | TimeoutException retry) {
            // nothing moved: the next poll fails the same way and this runs again
            if (retry instanceof TimeoutException) {
                LOG.warn(
                        "{}: positions no longer in the log, and the broker did not say where they start ({});"
                                + " trying again",
                        failed.keySet(),
                        retry.getMessage());
            }
            return new Reports(reports);
        }
        failed.forEach((partition, position) -> {
            DeletedRange range = new DeletedRange(position, oldest.get(partition), end.get(partition));
            if (!range.pastTheEnd() && position >= range.oldest()) {
                consumer.seek(partition, position); // in the log again (its metadata was stale): read on
                return;
            }
            consumer.seek(partition, range.oldest());
            ConsumerRecord<byte[], byte[]> report =
                    new ConsumerRecord<>(partition.topic(), partition.partition(), range.oldest() - 1, null, null);
            report.headers().add(DELETED_UNREAD_HEADER, range.header().getBytes(StandardCharsets.US_ASCII));
            reports.put(partition.toString(), report);
            LOG.warn(
                    "{}: the position {} is no longer in the partition ({} to {}); reading on from offset {}, and"
                            + " the dead letters say what was lost",
                    partition,
                    position,
                    range.oldest(),
                    range.end(),
                    range.oldest());
        });
        return new Reports(reports);
    }

    /**
     * The partition's position, asked again if a wake-up (new splits, a commit) interrupted the question:
     * a partition the poll moved and left there would lose that poll's records, which are dropped.
     */
    private static long position(KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition) {
        for (int woken = 0; ; woken++) {
            try {
                return consumer.position(partition);
            } catch (WakeupException e) {
                // each wake-up is spent by the call it interrupts; one a checkpoint, one new splits, ...
                if (woken == 4) {
                    throw e;
                }
            }
        }
    }

    /** One report per partition that lost records, as the fetch's result. */
    private static final class Reports implements RecordsWithSplitIds<ConsumerRecord<byte[], byte[]>> {
        private final Iterator<Map.Entry<String, ConsumerRecord<byte[], byte[]>>> splits;
        private ConsumerRecord<byte[], byte[]> next;

        Reports(Map<String, ConsumerRecord<byte[], byte[]>> reports) {
            this.splits = reports.entrySet().iterator();
        }

        @Override
        public String nextSplit() {
            if (!splits.hasNext()) {
                return null;
            }
            Map.Entry<String, ConsumerRecord<byte[], byte[]>> split = splits.next();
            next = split.getValue();
            return split.getKey();
        }

        @Override
        public ConsumerRecord<byte[], byte[]> nextRecordFromSplit() {
            ConsumerRecord<byte[], byte[]> record = next;
            next = null;
            return record;
        }

        @Override
        public Set<String> finishedSplits() {
            return Set.of();
        }
    }
}
