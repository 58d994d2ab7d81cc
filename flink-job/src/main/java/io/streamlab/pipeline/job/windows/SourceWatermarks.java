package io.streamlab.pipeline.job.windows;

import io.streamlab.pipeline.records.SourcedRecord;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.eventtime.WatermarksWithIdleness;
import org.apache.flink.util.clock.Clock;
import org.apache.flink.util.clock.RelativeClock;
import org.apache.flink.util.clock.SystemClock;

/**
 * The event time of a parsing source, per Kafka partition: bounded out-of-orderness (plus the allowed
 * lateness), and a partition left out once it has been idle for the idleness timeout. Two things set it
 * apart from Flink's {@code forBoundedOutOfOrderness(…).withIdleness(…)}, both so that no record can
 * stall or skew event time:
 *
 * <ul>
 *   <li><b>A dead letter is no sign of life.</b> It does not move event time (it has no usable one), and
 *       it does not keep its partition active either: a partition that receives only garbage for hours
 *       goes idle like a quiet one instead of holding every window of the job back.
 *   <li><b>Event time never runs ahead of the wall clock.</b> A record dated in the future (up to
 *       {@code limits.event-time.max-ahead}) still counts in its own window, but moves the watermark
 *       only as far as now: one record dated an hour ahead would otherwise close every window of the
 *       coming hour and make each normal record of its partition late.
 * </ul>
 */
public final class SourceWatermarks<T extends SourcedRecord, E extends ParseResult<T>> implements WatermarkStrategy<E> {
    private static final long serialVersionUID = 1L;

    private final Duration delay;
    private final Duration idleness;

    public SourceWatermarks(Duration delay, Duration idleness) {
        this.delay = delay;
        this.idleness = idleness;
    }

    /** A dead letter gets the smallest timestamp: it never moves event time, and no window takes it. */
    @Override
    public TimestampAssigner<E> createTimestampAssigner(TimestampAssignerSupplier.Context context) {
        return (e, kafkaTimestamp) -> e.value() != null ? e.value().eventTimeMillis() : Long.MIN_VALUE;
    }

    @Override
    public WatermarkGenerator<E> createWatermarkGenerator(WatermarkGeneratorSupplier.Context context) {
        return generator(delay, idleness, context.getInputActivityClock(), SystemClock.getInstance());
    }

    /**
     * @param inputActivity Flink's clock for idleness, which stands still while the source is
     *                      back-pressured
     * @param wallClock     what "now" is for records dated in the future
     */
    static <T extends SourcedRecord, E extends ParseResult<T>> WatermarkGenerator<E> generator(
            Duration delay, Duration idleness, RelativeClock inputActivity, Clock wallClock) {
        WatermarkGenerator<E> progress =
                new WatermarksWithIdleness<>(new BoundedOutOfOrdernessWatermarks<>(delay), idleness, inputActivity);
        return new WatermarkGenerator<>() {
            @Override
            public void onEvent(E event, long eventTimestamp, WatermarkOutput output) {
                if (event.value() == null) {
                    return;
                }
                progress.onEvent(event, Math.min(eventTimestamp, wallClock.absoluteTimeMillis()), output);
            }

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                progress.onPeriodicEmit(output);
            }
        };
    }
}
