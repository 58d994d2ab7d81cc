package io.streamlab.pipeline.job.windows;

import io.streamlab.pipeline.job.deadletters.DeadLetters;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Turns the aggregate of a key's window into an output row stamped with the window, and counts the rows
 * in a metric: the second half of every keyed window of the job ({@code aggregate(agg, windowRow)}). A
 * window is emitted once per key, whatever happens: a window at or before where its key group had fired
 * in the snapshot restored ({@link FiredWindows}, operator state) is refused for any key, and a window a
 * drain emitted is remembered by its key ({@link EmittedWindows}). Until 2026-12-03 every window was
 * remembered by its key, for {@code window.guard-retention} (a day): a stream of one-off artists or words
 * filled the heap with them.
 *
 * @param <A> the aggregate's result
 * @param <R> the row
 */
public class WindowRow<A, R> extends ProcessWindowFunction<A, R, String, TimeWindow>
        implements ResultTypeQueryable<R>, CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    /** Builds a row from the window bounds (epoch ms), the key and the aggregate. */
    @FunctionalInterface
    public interface Factory<A, R> extends Serializable {
        R row(long windowStart, long windowEnd, String key, A aggregate);
    }

    private final String metricName;
    private final Class<R> rowType;
    private final Factory<A, R> factory;
    private final Duration guardRetention;
    private LateAtWindows.Reopened reopened;
    private transient EmittedWindows guard;
    private transient Counter emitted;
    private transient Counter suppressed;
    private transient Counter reopenedInputs;
    private transient ListState<Tuple2<Integer, Long>> firedInSnapshots;
    private transient FiredWindows fired;

    /** {@code guardRetention}: {@code window.guard-retention}, how long the guard remembers a key. */
    public WindowRow(String metricName, Class<R> rowType, Duration guardRetention, Factory<A, R> factory) {
        this.metricName = metricName;
        this.rowType = rowType;
        this.guardRetention = guardRetention;
        this.factory = factory;
    }

    /**
     * Where a window refused as emitted already sends its inputs, as a dead letter: set by the window
     * operator's builder ({@link MergingAggregate#rows}, {@link PreAggregatedWindows#rows}).
     */
    WindowRow<A, R> reopenedTo(LateAtWindows.Reopened reopened) {
        this.reopened = reopened;
        return this;
    }

    @Override
    public void open(OpenContext openContext) {
        guard = EmittedWindows.forKeyedWindows(guardRetention);
        emitted = getRuntimeContext().getMetricGroup().counter(metricName);
        suppressed = EmittedWindows.suppressedCounter(getRuntimeContext().getMetricGroup());
        if (reopened == null) {
            throw new IllegalStateException("WindowRow " + metricName + " was built without reopenedTo(...)");
        }
        reopenedInputs = reopened.counter(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        firedInSnapshots = context.getOperatorStateStore()
                .getUnionListState(
                        new ListStateDescriptor<>("windows-fired-per-key-group", Types.TUPLE(Types.INT, Types.LONG)));
        RuntimeContext runtime = getRuntimeContext();
        fired = new FiredWindows(
                runtime.getTaskInfo().getMaxNumberOfParallelSubtasks(),
                runtime.getTaskInfo().getNumberOfParallelSubtasks(),
                runtime.getTaskInfo().getIndexOfThisSubtask(),
                firedInSnapshots.get());
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        firedInSnapshots.update(fired.snapshot());
    }

    @Override
    public void process(String key, Context ctx, Iterable<A> aggregates, Collector<R> out) throws Exception {
        long watermark = ctx.currentWatermark();
        fired.fired(watermark);
        boolean emittedAlready = fired.firedBeforeRestore(key, ctx.window())
                || (watermark == EmittedWindows.AS_AT_A_DRAIN
                        // a drain fires windows no watermark passed: their keys remember them
                        ? !guard.firstEmission(ctx.globalState(), ctx.window(), watermark)
                        : guard.emittedBefore(ctx.globalState(), ctx.window()));
        if (emittedAlready) {
            suppressed.inc();
            reopenedInputs.inc();
            ctx.output(
                    DeadLetters.TAG,
                    reopened.deadLetter(key, aggregates.iterator().next(), ctx.window(), System.currentTimeMillis()));
            return;
        }
        out.collect(factory.row(
                ctx.window().getStart(),
                ctx.window().getEnd(),
                key,
                aggregates.iterator().next()));
        emitted.inc();
    }

    @Override
    public TypeInformation<R> getProducedType() {
        return TypeInformation.of(rowType);
    }
}
