package io.streamlab.pipeline.job.tracks;

import io.streamlab.pipeline.datasets.TracksSummary;
import java.time.Duration;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * The summary of a bounded (BATCH) run, keyed by its window. A window over the whole stream
 * ({@code windowAll}) is one key, and in BATCH mode Flink keeps every window of a key until the key's
 * input ends: the whole history, months of one-minute windows, on the heap at once. Keyed by window, the
 * sorted input hands over one window at a time. Nothing is late and nothing is restored in a bounded run,
 * so the streaming summary's late output and emitted-window guard have nothing to do here; name and uid
 * are the streaming summary's, and the rows are the same ({@code BackfillITCase}).
 */
final class BoundedSummary {
    private BoundedSummary() {}

    static SingleOutputStreamOperator<TracksSummary> of(DataStream<SummaryInput> inputs, Duration windowSize) {
        long sizeMillis = windowSize.toMillis();
        TypeInformation<Tuple2<Long, SummaryInput>> keyedType =
                Types.TUPLE(Types.LONG, TypeInformation.of(SummaryInput.class));
        return inputs.process(new WithWindowStart(sizeMillis), keyedType)
                .name("Window of each summary input")
                .uid("tracks-summary-window-start")
                .keyBy(input -> input.f0, Types.LONG)
                .window(TumblingEventTimeWindows.of(windowSize))
                .aggregate(
                        new OfKeyedInputs(),
                        new Row(),
                        TypeInformation.of(SummaryAccumulator.class),
                        TypeInformation.of(SummaryAccumulator.class),
                        TypeInformation.of(TracksSummary.class))
                .name("Tracks summary per window")
                .uid("tracks-summary");
    }

    /** Pairs an input with the start of its window, from its timestamp (the window's last millisecond). */
    static final class WithWindowStart extends ProcessFunction<SummaryInput, Tuple2<Long, SummaryInput>> {
        private static final long serialVersionUID = 1L;
        private final long sizeMillis;

        WithWindowStart(long sizeMillis) {
            this.sizeMillis = sizeMillis;
        }

        @Override
        public void processElement(SummaryInput input, Context ctx, Collector<Tuple2<Long, SummaryInput>> out) {
            out.collect(Tuple2.of(TimeWindow.getWindowStartWithOffset(ctx.timestamp(), 0, sizeMillis), input));
        }
    }

    /** The streaming summary's aggregate, over the inputs without their key. */
    static final class OfKeyedInputs
            implements AggregateFunction<Tuple2<Long, SummaryInput>, SummaryAccumulator, SummaryAccumulator> {
        private static final long serialVersionUID = 1L;
        private final TracksSummaryAggregate aggregate = new TracksSummaryAggregate();

        @Override
        public SummaryAccumulator createAccumulator() {
            return aggregate.createAccumulator();
        }

        @Override
        public SummaryAccumulator add(Tuple2<Long, SummaryInput> input, SummaryAccumulator acc) {
            return aggregate.add(input.f1, acc);
        }

        @Override
        public SummaryAccumulator getResult(SummaryAccumulator acc) {
            return acc;
        }

        @Override
        public SummaryAccumulator merge(SummaryAccumulator a, SummaryAccumulator b) {
            return aggregate.merge(a, b);
        }
    }

    /** Stamps the summary with its window, as the streaming summary does. */
    static final class Row extends ProcessWindowFunction<SummaryAccumulator, TracksSummary, Long, TimeWindow> {
        private static final long serialVersionUID = 1L;
        private transient Counter emitted;

        @Override
        public void open(OpenContext openContext) {
            emitted = getRuntimeContext().getMetricGroup().counter("tracksSummaryEmitted");
        }

        @Override
        public void process(
                Long windowStart, Context ctx, Iterable<SummaryAccumulator> accs, Collector<TracksSummary> out) {
            out.collect(TracksSummaryAggregate.summarise(
                    ctx.window().getStart(),
                    ctx.window().getEnd(),
                    accs.iterator().next()));
            emitted.inc();
        }
    }
}
