package io.streamlab.pipeline.job.windows;

import java.time.Duration;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.datastream.WindowedStream;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * The incremental aggregate of the keyed windows: one accumulator per key and window that folds in a
 * record at a time and merges with another of its kind, so state never holds the records themselves.
 * The accumulator type is given, not extracted: the type variables of a generic function are erased.
 *
 * @param <I> the records of the window
 * @param <A> the accumulator: also the aggregate's result, turned into a row by {@link WindowRow}
 */
public final class MergingAggregate<I, A extends MergingAggregate.Accumulator<I, A>>
        implements AggregateFunction<I, A, A> {
    private static final long serialVersionUID = 1L;

    /** A window's running aggregate. Window state: keep its fields, they are the serializer's snapshot. */
    public interface Accumulator<I, A> {
        A add(I record);

        A merge(A other);
    }

    private final Class<A> type;
    private final SerializableSupplier<A> empty;

    private MergingAggregate(Class<A> type, SerializableSupplier<A> empty) {
        this.type = type;
        this.empty = empty;
    }

    public static <I, A extends Accumulator<I, A>> MergingAggregate<I, A> of(
            Class<A> type, SerializableSupplier<A> empty) {
        return new MergingAggregate<>(type, empty);
    }

    /**
     * The windows' rows: this aggregate per key and window, emitted once by {@code row}. The caller gives
     * the returned operator the uid {@code uid}; records it finds late go to {@code late}.
     */
    public <R> SingleOutputStreamOperator<R> rows(
            WindowedStream<I, String, TimeWindow> windows,
            WindowRow<A, R> row,
            String what,
            String uid,
            LateAtWindows late) {
        TypeInformation<A> accumulator = TypeInformation.of(type);
        OutputTag<I> lateTag = LateAtWindows.tag(uid, windows.getInputType());
        SingleOutputStreamOperator<R> rows = windows.sideOutputLateData(lateTag)
                .aggregate(this, row.reopenedTo(late.reopened(what)), accumulator, accumulator, row.getProducedType());
        late.collect(rows, lateTag, what, uid);
        return rows;
    }

    /**
     * The same rows with the records folded per key and window before the shuffle (see
     * {@link PreAggregatedWindows}): the pre-aggregation is named {@code "Pre-aggregate " + what}, with
     * uid {@code uid + "-pre-aggregate"}.
     */
    public <R> SingleOutputStreamOperator<R> preAggregatedRows(
            DataStream<I> records,
            KeySelector<I, String> key,
            Duration size,
            WindowRow<A, R> row,
            String what,
            String uid,
            LateAtWindows late) {
        TypeInformation<A> accumulator = TypeInformation.of(type);
        return PreAggregatedWindows.rows(records, key, size, this, accumulator, accumulator, row, what, uid, late);
    }

    @Override
    public A createAccumulator() {
        return empty.get();
    }

    @Override
    public A add(I record, A accumulator) {
        return accumulator.add(record);
    }

    @Override
    public A getResult(A accumulator) {
        return accumulator;
    }

    @Override
    public A merge(A a, A b) {
        return a.merge(b);
    }
}
