package io.streamlab.pipeline.job.windows;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Keyed tumbling event-time windows fed with partial aggregates instead of records. Before the shuffle,
 * each subtask folds its records into one accumulator per key and window ({@link LocalPreAggregate});
 * the keyed windows then merge those partials. A ticket's 10 to 20 keywords, or a window's thousands of
 * tracks of 114 genres, cross the network as one partial per key, window and subtask instead of one
 * record each.
 *
 * <p>Nothing changes for the window state: it holds the same accumulator per key and window as when
 * the windows added records themselves, so savepoints of earlier versions restore into it.
 */
public final class PreAggregatedWindows {
    /** Keys buffered per subtask before everything buffered is sent on: the pre-aggregation's memory bound. */
    public static final int MAX_BUFFERED_KEYS = 10_000;

    private PreAggregatedWindows() {}

    /**
     * The rows of {@code aggregate} per key and tumbling window of {@code size}. The pre-aggregation is
     * named {@code "Pre-aggregate " + what} with uid {@code uid + "-pre-aggregate"}; the caller names
     * the returned window operator, and gives it the uid {@code uid}. Partials the windows find late go
     * to {@code late}.
     */
    public static <I, A, R, O> SingleOutputStreamOperator<O> rows(
            DataStream<I> records,
            KeySelector<I, String> key,
            Duration size,
            AggregateFunction<I, A, R> aggregate,
            TypeInformation<A> accumulatorType,
            TypeInformation<R> resultType,
            WindowRow<R, O> row,
            String what,
            String uid,
            LateAtWindows late) {
        TypeInformation<Tuple2<String, A>> partialType = new TupleTypeInfo<>(Types.STRING, accumulatorType);
        OutputTag<Tuple2<String, A>> lateTag = LateAtWindows.tag(uid, partialType);
        SingleOutputStreamOperator<O> windows = records.transform(
                        "Pre-aggregate " + what,
                        partialType,
                        new LocalPreAggregate<>(key, aggregate, size.toMillis(), MAX_BUFFERED_KEYS))
                .uid(uid + "-pre-aggregate")
                .keyBy(partial -> partial.f0, Types.STRING)
                .window(TumblingEventTimeWindows.of(size))
                .sideOutputLateData(lateTag)
                .aggregate(
                        new MergePartials<>(aggregate),
                        row.reopenedTo(late.reopened(what)),
                        accumulatorType,
                        resultType,
                        row.getProducedType());
        late.collect(windows, lateTag, what, uid);
        return windows;
    }

    /**
     * Folds records into per-key, per-window accumulators, and sends each on as a {@code (key, partial)}
     * when its window closes, before each checkpoint barrier and at the end of the input
     * ({@link PerWindowBuffer}), and also when {@code maxKeys} accumulators are buffered (a window of
     * millions of one-off keys).
     */
    static final class LocalPreAggregate<I, A> extends PerWindowBuffer<I, Map<String, A>, Tuple2<String, A>> {
        private static final long serialVersionUID = 1L;

        private final KeySelector<I, String> key;
        private final AggregateFunction<I, A, ?> aggregate;
        private final long windowSizeMillis;
        private final int maxKeys;

        private transient int buffered;

        LocalPreAggregate(
                KeySelector<I, String> key, AggregateFunction<I, A, ?> aggregate, long windowSizeMillis, int maxKeys) {
            this.key = key;
            this.aggregate = aggregate;
            this.windowSizeMillis = windowSizeMillis;
            this.maxKeys = maxKeys;
        }

        @Override
        public void processElement(StreamRecord<I> element) throws Exception {
            I record = element.getValue();
            long start = TimeWindow.getWindowStartWithOffset(element.getTimestamp(), 0, windowSizeMillis);
            Map<String, A> partials = buffer(start + windowSizeMillis - 1, HashMap::new);
            String k = key.getKey(record);
            A accumulator = partials.get(k);
            if (accumulator == null) {
                partials.put(k, aggregate.add(record, aggregate.createAccumulator()));
                buffered++;
            } else {
                A added = aggregate.add(record, accumulator);
                // the job's accumulators add in place: a second lookup only for one that does not
                if (added != accumulator) {
                    partials.put(k, added);
                }
            }
            if (buffered >= maxKeys) {
                sendUpTo(Long.MAX_VALUE);
            }
        }

        @Override
        protected void send(long maxTimestamp, Map<String, A> partials) {
            for (Map.Entry<String, A> partial : partials.entrySet()) {
                output.collect(new StreamRecord<>(Tuple2.of(partial.getKey(), partial.getValue()), maxTimestamp));
            }
            buffered -= partials.size();
        }
    }

    /** The keyed windows' side: partials are merged into the window's accumulator. */
    static final class MergePartials<A, R> implements AggregateFunction<Tuple2<String, A>, A, R> {
        private static final long serialVersionUID = 1L;

        private final AggregateFunction<?, A, R> aggregate;

        MergePartials(AggregateFunction<?, A, R> aggregate) {
            this.aggregate = aggregate;
        }

        @Override
        public A createAccumulator() {
            return aggregate.createAccumulator();
        }

        @Override
        public A add(Tuple2<String, A> partial, A accumulator) {
            return aggregate.merge(accumulator, partial.f1);
        }

        @Override
        public R getResult(A accumulator) {
            return aggregate.getResult(accumulator);
        }

        @Override
        public A merge(A a, A b) {
            return aggregate.merge(a, b);
        }
    }
}
