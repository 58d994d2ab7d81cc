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
 *   <li><b>A record behind its partition's watermark is no sign of life.</b> It moves nothing (an old
 *       record): a partition that receives only such records goes idle like a quiet one.
 *   <li><b>Event time never runs ahead of the wall clock, nor of when the broker took the record</b> (its
 *       log-append time), for a record read from a backlog. A record dated in the future (up to
 *       {@code limits.event-time.max-ahead}) still counts in its own window, but moves the watermark
 *       only as far as now (or as its log-append time): one record dated an hour ahead would otherwise close every window of the
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
        long delayMillis = delay.toMillis();
        WatermarkGenerator<E> progress =
                new WatermarksWithIdleness<>(new BoundedOutOfOrdernessWatermarks<>(delay), idleness, inputActivity);
        return new WatermarkGenerator<>() {
            /** The latest event time of the partition (capped at the wall clock), the watermark's base. */
            private long latest = Long.MIN_VALUE;

            @Override
            public void onEvent(E event, long eventTimestamp, WatermarkOutput output) {
                if (event.value() == null) {
                    return;
                }
                // no further than when the broker took the record (its log-append time, when the topic has
                // it): read from a backlog (a job behind, a restart), a record dated an hour ahead moved its
                // partition's watermark as far as the wall clock had, past the rest of the backlog
                long capped =
                        Math.min(Math.min(eventTimestamp, event.sourceTimestamp()), wallClock.absoluteTimeMillis());
                if (latest != Long.MIN_VALUE && capped <= latest - delayMillis) {
                    // behind the partition's own watermark: moves nothing, and is no sign of life either. A
                    // valid record dated years back every 20 s kept its partition active, with its watermark
                    // at that date, and held every window of the input back while the trickle lasted. A
                    // record at or near the latest (the same second at a live rate) is life.
                    return;
                }
                latest = Math.max(latest, capped);
                progress.onEvent(event, capped, output);
            }

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                progress.onPeriodicEmit(output);
            }
        };
    }
}
