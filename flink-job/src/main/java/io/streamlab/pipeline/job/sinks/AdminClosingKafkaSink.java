package io.streamlab.pipeline.job.sinks;

import java.io.IOException;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaWriterState;
import org.apache.flink.connector.kafka.sink.TwoPhaseCommittingStatefulSink;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPostCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.lineage.LineageVertex;
import org.apache.flink.streaming.api.lineage.LineageVertexProvider;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link KafkaSink} whose writers close the admin client they open. In flink-connector-kafka
 * 5.0.0-2.2 the exactly-once writer opens an admin client to list lingering transactions
 * ({@code TransactionNamingStrategy.POOLING}) and never closes it: every start and every restart of a
 * sink subtask left a Kafka client thread and its connections behind in the TaskManager, a leak that
 * grows with each failover for as long as the TaskManager lives.
 *
 * <p>Everything else is the wrapped sink's: its writer state, committables, committer and post-commit
 * topology, so savepoints are unchanged. {@code AdminClosingKafkaSinkITCase} fails if a connector
 * upgrade renames the field or starts closing the client itself (then this class can go).
 */
public final class AdminClosingKafkaSink<T>
        implements LineageVertexProvider,
                TwoPhaseCommittingStatefulSink<T, KafkaWriterState, KafkaCommittable>,
                SupportsPostCommitTopology<KafkaCommittable> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AdminClosingKafkaSink.class);

    /** The exactly-once writer's lazily created admin client. */
    static final String ADMIN_FIELD = "adminClient";

    private final KafkaSink<T> sink;

    public AdminClosingKafkaSink(KafkaSink<T> sink) {
        this.sink = sink;
    }

    @Override
    public PrecommittingStatefulSinkWriter<T, KafkaWriterState, KafkaCommittable> createWriter(
            WriterInitContext context) throws IOException {
        return new Writer<>(sink.createWriter(context));
    }

    @Override
    public PrecommittingStatefulSinkWriter<T, KafkaWriterState, KafkaCommittable> restoreWriter(
            WriterInitContext context, Collection<KafkaWriterState> recoveredState) throws IOException {
        return new Writer<>(sink.restoreWriter(context, recoveredState));
    }

    @Override
    public SimpleVersionedSerializer<KafkaWriterState> getWriterStateSerializer() {
        return sink.getWriterStateSerializer();
    }

    @Override
    public Committer<KafkaCommittable> createCommitter(CommitterInitContext context) throws IOException {
        return sink.createCommitter(context);
    }

    @Override
    public SimpleVersionedSerializer<KafkaCommittable> getCommittableSerializer() {
        return sink.getCommittableSerializer();
    }

    @Override
    public void addPostCommitTopology(DataStream<CommittableMessage<KafkaCommittable>> committables) {
        sink.addPostCommitTopology(committables);
    }

    @Override
    public LineageVertex getLineageVertex() {
        return sink.getLineageVertex();
    }

    /** The admin client a writer opened, if any (null before it needed one). */
    static Admin openedAdmin(Object writer) {
        for (Class<?> type = writer.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField(ADMIN_FIELD);
                field.setAccessible(true);
                return (Admin) field.get(writer);
            } catch (NoSuchFieldException e) {
                // declared by a superclass, or not at all (an at-least-once writer)
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read the Kafka writer's admin client", e);
            }
        }
        return null;
    }

    private static final class Writer<T>
            implements PrecommittingStatefulSinkWriter<T, KafkaWriterState, KafkaCommittable> {
        private final PrecommittingStatefulSinkWriter<T, KafkaWriterState, KafkaCommittable> writer;

        Writer(PrecommittingStatefulSinkWriter<T, KafkaWriterState, KafkaCommittable> writer) {
            this.writer = writer;
        }

        @Override
        public void write(T element, Context context) throws IOException, InterruptedException {
            writer.write(element, context);
        }

        @Override
        public void writeWatermark(Watermark watermark) throws IOException, InterruptedException {
            writer.writeWatermark(watermark);
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            writer.flush(endOfInput);
        }

        @Override
        public Collection<KafkaCommittable> prepareCommit() throws IOException, InterruptedException {
            return writer.prepareCommit();
        }

        @Override
        public List<KafkaWriterState> snapshotState(long checkpointId) throws IOException {
            return writer.snapshotState(checkpointId);
        }

        @Override
        public void close() throws Exception {
            try {
                writer.close();
            } finally {
                Admin admin = openedAdmin(writer);
                if (admin != null) {
                    // nothing is pending on it by now: it only listed transactions at start-up
                    admin.close(Duration.ZERO);
                    LOG.debug("Closed the admin client of a Kafka sink writer");
                }
            }
        }
    }
}
