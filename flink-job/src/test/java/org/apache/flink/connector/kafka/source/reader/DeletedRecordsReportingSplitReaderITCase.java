package org.apache.flink.connector.kafka.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.job.testing.KafkaTopics;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.kafka.source.metrics.KafkaSourceReaderMetrics;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RetriableCommitFailedException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A running job that falls behind the topic's retention (its source backpressured, or slower than the
 * producers for days): the records after its position are deleted while the reader holds that position,
 * with no restore in between. {@code DeletedInputITCase} covers the restored job; this drives the split
 * reader itself, as the source's fetcher does, against a real broker. The partition that lost records
 * gets one report naming the gap and reads on from the oldest record kept; the other loses nothing; no
 * record is read twice. The reader's other duty, making at close a checkpoint's commit no answer confirmed,
 * is driven the same way.
 */
class DeletedRecordsReportingSplitReaderITCase {
    private static final String TOPIC = "running-behind";
    private static final int RECORDS = 30;
    private static final long DELETED_BEFORE = 20;
    private static final int MORE = 5;
    private static final String GROUP = "running-behind-test";

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void aReaderWhosePositionIsDeletedWhileItRunsReportsTheGapOnceAndReadsOnFromTheOldestRecordKept() throws Exception {
        KAFKA.createTopic(TOPIC, 2);
        TopicPartition losing = new TopicPartition(TOPIC, 0);
        TopicPartition keeping = new TopicPartition(TOPIC, 1);
        publishOneBatchPerRecord(List.of(losing, keeping), 0, RECORDS);

        Map<TopicPartition, List<Long>> read = Map.of(losing, new ArrayList<>(), keeping, new ArrayList<>());
        List<ConsumerRecord<byte[], byte[]>> reports = new ArrayList<>();
        try (DeletedRecordsReportingSplitReader reader = reader(new LastCommit())) {
            reader.handleSplitsChanges(new SplitsAddition<>(
                    List.of(new KafkaPartitionSplit(losing, 0), new KafkaPartitionSplit(keeping, 0))));
            // one record batch per partition and fetch: the reader holds a position well before the end
            fetchUntil(reader, read, reports, () -> read.get(losing).size() >= 5);

            try (Admin admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
                admin.deleteRecords(Map.of(losing, RecordsToDelete.beforeOffset(DELETED_BEFORE)))
                        .all()
                        .get();
            }
            fetchUntil(
                    reader,
                    read,
                    reports,
                    () -> last(read.get(losing)) == RECORDS - 1 && last(read.get(keeping)) == RECORDS - 1);
            // the position after the gap is in the reader: more records, and no second report
            publishOneBatchPerRecord(List.of(losing, keeping), RECORDS, MORE);
            fetchUntil(
                    reader,
                    read,
                    reports,
                    () -> last(read.get(losing)) == RECORDS + MORE - 1
                            && last(read.get(keeping)) == RECORDS + MORE - 1);
        }

        assertThat(reports)
                .as("one report, for the partition that lost records")
                .hasSize(1);
        ConsumerRecord<byte[], byte[]> report = reports.get(0);
        assertThat(report.partition()).isEqualTo(losing.partition());
        assertThat(report.value())
                .as("no payload: the header says what was lost")
                .isNull();
        assertThat(report.offset())
                .as("keyed just before the oldest record kept")
                .isEqualTo(DELETED_BEFORE - 1);
        Header header = report.headers().lastHeader(DeletedRecordsReportingSplitReader.DELETED_UNREAD_HEADER);
        DeletedRecordsReportingSplitReader.DeletedRange range =
                DeletedRecordsReportingSplitReader.DeletedRange.parse(header.value());
        assertThat(range.oldest()).isEqualTo(DELETED_BEFORE);
        assertThat(range.end()).isEqualTo(RECORDS);
        assertThat(range.pastTheEnd()).isFalse();
        // the consumer may have fetched a record or two ahead before the deletion: the gap starts where the
        // records read stop, whatever that was
        long position = range.position();
        assertThat(position).isBetween(5L, DELETED_BEFORE - 1);
        assertThat(read.get(losing))
                .as("everything before the gap once, then everything kept once, in order")
                .containsExactlyElementsOf(LongStream.concat(
                                LongStream.range(0, position), LongStream.range(DELETED_BEFORE, RECORDS + MORE))
                        .boxed()
                        .toList());
        assertThat(read.get(keeping))
                .as("the other partition loses nothing")
                .containsExactlyElementsOf(
                        LongStream.range(0, RECORDS + MORE).boxed().toList());
    }

    /**
     * The topic deleted and created again under a running reader: its position is past the new log's end.
     * One report says so, and the new records are read from the first.
     */
    @Test
    void aReaderWhoseTopicIsRecreatedReportsItAndReadsTheNewTopicFromItsFirstRecord() throws Exception {
        String topic = "recreated";
        KAFKA.createTopic(topic, 1);
        TopicPartition partition = new TopicPartition(topic, 0);
        publishOneBatchPerRecord(List.of(partition), 0, 10);
        Map<TopicPartition, List<Long>> read = Map.of(partition, new ArrayList<>());
        List<ConsumerRecord<byte[], byte[]>> reports = new ArrayList<>();
        try (DeletedRecordsReportingSplitReader reader = reader(new LastCommit())) {
            reader.handleSplitsChanges(new SplitsAddition<>(List.of(new KafkaPartitionSplit(partition, 0))));
            fetchUntil(reader, read, reports, () -> last(read.get(partition)) == 9);

            try (Admin admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
                admin.deleteTopics(List.of(topic)).all().get();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (true) {
                    try {
                        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
                                .all()
                                .get();
                        break;
                    } catch (ExecutionException e) {
                        // the deletion is still going on
                        assertThat(e.getCause()).isInstanceOf(TopicExistsException.class);
                        assertThat(System.nanoTime()).as("topic created again").isLessThan(deadline);
                        Thread.sleep(100);
                    }
                }
            }
            publishOneBatchPerRecord(List.of(partition), 100, 3);
            fetchUntil(reader, read, reports, () -> read.get(partition).size() == 13);
        }

        assertThat(reports).hasSize(1);
        DeletedRecordsReportingSplitReader.DeletedRange range =
                DeletedRecordsReportingSplitReader.DeletedRange.parse(reports.get(0)
                        .headers()
                        .lastHeader(DeletedRecordsReportingSplitReader.DELETED_UNREAD_HEADER)
                        .value());
        assertThat(range).isEqualTo(new DeletedRecordsReportingSplitReader.DeletedRange(10, 0, 3));
        assertThat(range.pastTheEnd()).isTrue();
        assertThat(read.get(partition))
                .as("the old topic's records, then the new one's from its first")
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 0L, 1L, 2L);
    }

    /**
     * A checkpoint's offset commit that fails, as one does while the group's coordinator loads or moves
     * (here: its topic does not exist yet), is made again when the reader closes: a job stopped right after
     * that checkpoint leaves its group there, not at an earlier one.
     */
    @Test
    void aCheckpointsCommitThatFailedIsMadeAgainWhenTheReaderCloses() throws Exception {
        String input = "read-while-committing";
        KAFKA.createTopic(input, 1);
        TopicPartition reading = new TopicPartition(input, 0);
        publishOneBatchPerRecord(List.of(reading), 0, 300);
        TopicPartition notYetCreated = new TopicPartition("created-after-the-first-commit", 0);
        Map<TopicPartition, List<Long>> read = Map.of(reading, new ArrayList<>());
        List<ConsumerRecord<byte[], byte[]>> reports = new ArrayList<>();
        List<String> answers = new CopyOnWriteArrayList<>();
        LastCommit lastCommit = new LastCommit();
        try (DeletedRecordsReportingSplitReader reader = reader(lastCommit)) {
            reader.handleSplitsChanges(new SplitsAddition<>(List.of(new KafkaPartitionSplit(reading, 0))));
            // as the fetcher manager queues it
            Map<TopicPartition, OffsetAndMetadata> offsets = Map.of(notYetCreated, new OffsetAndMetadata(3));
            reader.notifyCheckpointComplete(
                    offsets,
                    lastCommit.queued(
                            offsets,
                            (committed, e) -> answers.add(
                                    e == null
                                            ? "committed " + committed
                                            : e.getClass().getSimpleName())));
            // the consumer answers commits in its polls
            fetchUntil(reader, read, reports, () -> !answers.isEmpty());
            assertThat(answers).containsExactly(RetriableCommitFailedException.class.getSimpleName());
            KAFKA.createTopic(notYetCreated.topic(), 1);
        }

        assertThat(answers)
                .as("the failure, then the commit made at close")
                .containsExactly(
                        RetriableCommitFailedException.class.getSimpleName(),
                        "committed " + Map.of(notYetCreated, new OffsetAndMetadata(3)));
        assertThat(KafkaTopics.groupOffsets(KAFKA.bootstrapServers(), GROUP)).containsEntry(notYetCreated, 3L);
    }

    /**
     * A stop shuts the fetcher down as the last checkpoint's commit is queued for it: a fetcher shut down
     * before it takes the task never runs it, so the reader, told of the commit as it was queued, makes it
     * when it closes.
     */
    @Test
    void aCommitQueuedForAFetcherThatIsShutDownBeforeRunningItIsMadeWhenTheReaderCloses() throws Exception {
        TopicPartition partition = new TopicPartition("committed-at-close", 0);
        KAFKA.createTopic(partition.topic(), 1);
        // the group's coordinator up, as a running job's is: the bound at close is for a commit, not that
        assertThat(KafkaTopics.groupOffsets(KAFKA.bootstrapServers(), GROUP)).doesNotContainKey(partition);
        List<String> answers = new CopyOnWriteArrayList<>();
        LastCommit lastCommit = new LastCommit();
        try (DeletedRecordsReportingSplitReader reader = reader(lastCommit)) {
            lastCommit.queued(
                    Map.of(partition, new OffsetAndMetadata(7)),
                    (offsets, e) -> answers.add(e == null ? "committed " + offsets : e.toString()));
        }

        assertThat(answers).containsExactly("committed " + Map.of(partition, new OffsetAndMetadata(7)));
        assertThat(KafkaTopics.groupOffsets(KAFKA.bootstrapServers(), GROUP)).containsEntry(partition, 7L);
    }

    private static DeletedRecordsReportingSplitReader reader(LastCommit lastCommit) {
        return new DeletedRecordsReportingSplitReader(
                consumerProperties(),
                new Context(),
                new KafkaSourceReaderMetrics(UnregisteredMetricsGroup.createSourceReaderMetricGroup()),
                lastCommit);
    }

    private static long last(List<Long> offsets) {
        return offsets.isEmpty() ? -1 : offsets.get(offsets.size() - 1);
    }

    private static void fetchUntil(
            DeletedRecordsReportingSplitReader reader,
            Map<TopicPartition, List<Long>> read,
            List<ConsumerRecord<byte[], byte[]>> reports,
            BooleanSupplier done)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime())
                    .as("read so far %s, reports %s", read, reports)
                    .isLessThan(deadline);
            fetchOnce(reader, read, reports);
        }
    }

    private static void fetchOnce(
            DeletedRecordsReportingSplitReader reader,
            Map<TopicPartition, List<Long>> read,
            List<ConsumerRecord<byte[], byte[]>> reports)
            throws Exception {
        RecordsWithSplitIds<ConsumerRecord<byte[], byte[]>> fetched = reader.fetch();
        while (fetched.nextSplit() != null) {
            ConsumerRecord<byte[], byte[]> record;
            while ((record = fetched.nextRecordFromSplit()) != null) {
                if (record.headers().lastHeader(DeletedRecordsReportingSplitReader.DELETED_UNREAD_HEADER) != null) {
                    reports.add(record);
                } else {
                    read.get(new TopicPartition(record.topic(), record.partition()))
                            .add(record.offset());
                }
            }
        }
        fetched.recycle();
    }

    /** Each record in a batch of its own, so that a fetch limited to one batch returns one record. */
    private static void publishOneBatchPerRecord(List<TopicPartition> partitions, int from, int count)
            throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = from; i < from + count; i++) {
                for (TopicPartition partition : partitions) {
                    producer.send(new ProducerRecord<>(partition.topic(), partition.partition(), "k", "record " + i))
                            .get();
                }
            }
        }
    }

    /** What the job's source gives its consumers: no reset strategy, committed records only. */
    private static Properties consumerProperties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "1");
        props.put("client.id.prefix", "running-behind-test");
        return props;
    }

    private static final class Context implements SourceReaderContext {
        @Override
        public SourceReaderMetricGroup metricGroup() {
            return UnregisteredMetricsGroup.createSourceReaderMetricGroup();
        }

        @Override
        public Configuration getConfiguration() {
            return new Configuration();
        }

        @Override
        public String getLocalHostName() {
            return "localhost";
        }

        @Override
        public int getIndexOfSubtask() {
            return 0;
        }

        @Override
        public void sendSplitRequest() {}

        @Override
        public void sendSourceEventToCoordinator(SourceEvent sourceEvent) {}

        @Override
        public UserCodeClassLoader getUserCodeClassLoader() {
            return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
        }
    }
}
