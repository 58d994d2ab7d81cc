package io.streamlab.pipeline.job.windows;

import io.streamlab.pipeline.job.deadletters.DeadLetters;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Turns the aggregate of a key's window into an output row stamped with the window, and counts the rows
 * in a metric: the second half of every keyed window of the job ({@code aggregate(agg, windowRow)}). A
 * window is emitted once per key, whatever happens ({@link EmittedWindows}).
 *
 * @param <A> the aggregate's result
 * @param <R> the row
 */
public class WindowRow<A, R> extends ProcessWindowFunction<A, R, String, TimeWindow> implements ResultTypeQueryable<R> {
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
        guard = new EmittedWindows(guardRetention);
        emitted = getRuntimeContext().getMetricGroup().counter(metricName);
        suppressed = EmittedWindows.suppressedCounter(getRuntimeContext().getMetricGroup());
        if (reopened == null) {
            throw new IllegalStateException("WindowRow " + metricName + " was built without reopenedTo(...)");
        }
        reopenedInputs = reopened.counter(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void process(String key, Context ctx, Iterable<A> aggregates, Collector<R> out) throws Exception {
        if (!guard.firstEmission(ctx.globalState(), ctx.window(), ctx.currentWatermark())) {
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
