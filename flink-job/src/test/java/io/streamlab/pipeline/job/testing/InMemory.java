package io.streamlab.pipeline.job.testing;

import io.streamlab.pipeline.job.deadletters.RecordDeserializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * In-memory sources and sinks for whole-graph tests on a mini cluster (in this JVM): a source that
 * emits what the Kafka source would for given record values, and sinks that collect what they get.
 */
public final class InMemory {
    private static final Map<String, Queue<Object>> COLLECTED = new ConcurrentHashMap<>();

    private InMemory() {}

    /**
     * A bounded source of the given values, read as offsets 0, 1, … of partition 0 of {@code topic} and
     * turned into records or dead letters by the job's own deserializer. Values are emitted in order
     * when the source runs with parallelism 1.
     */
    public static <E> DataGeneratorSource<E> source(
            String topic, List<byte[]> values, RecordDeserializer<?, E> deserializer) {
        return hookedSource(topic, values, deserializer, index -> {});
    }

    /** Called by {@link #hookedSource} before each value: may wait, or throw to fail the source. */
    public interface Hook extends java.io.Serializable {
        void before(long index) throws Exception;
    }

    /** Like {@link #source}, with {@code hook} called before each value is read. */
    public static <E> DataGeneratorSource<E> hookedSource(
            String topic, List<byte[]> values, RecordDeserializer<?, E> deserializer, Hook hook) {
        byte[][] copy = values.toArray(new byte[0][]);
        GeneratorFunction<Long, E> generator = index -> {
            hook.before(index);
            List<E> out = new ArrayList<>(1);
            deserializer.deserialize(
                    new ConsumerRecord<byte[], byte[]>(topic, 0, index, null, copy[index.intValue()]),
                    new ListCollector<>(out));
            return out.get(0);
        };
        return new DataGeneratorSource<>(
                generator, copy.length, RateLimiterStrategy.noOp(), deserializer.getProducedType());
    }

    /** A sink that keeps every element in memory, for {@link #collected}. */
    public static <T> CollectingSink<T> sink() {
        return new CollectingSink<>(UUID.randomUUID().toString());
    }

    /** A sink whose elements can be read back in the test, once the job has finished. */
    public static final class CollectingSink<T> implements Sink<T> {
        private static final long serialVersionUID = 1L;
        private final String id;

        private CollectingSink(String id) {
            this.id = id;
            COLLECTED.put(id, new ConcurrentLinkedQueue<>());
        }

        @SuppressWarnings("unchecked")
        public List<T> collected() {
            return (List<T>) List.copyOf(COLLECTED.get(id));
        }

        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) {
            Queue<Object> target = COLLECTED.get(id);
            return new SinkWriter<>() {
                @Override
                public void write(T element, Context ctx) {
                    target.add(element);
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }

    private record ListCollector<E>(List<E> out) implements Collector<E> {
        @Override
        public void collect(E record) {
            out.add(record);
        }

        @Override
        public void close() {}
    }
}
