package io.streamlab.pipeline.job.windows;

import io.streamlab.pipeline.job.deadletters.DeadLetters;
import io.streamlab.pipeline.metrics.PipelineMetrics;
import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.RejectCategory;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * What the windows of one input find late although {@link OnTimeGate} let it through, as dead letters:
 * no window drops an input silently.
 *
 * <p>The gate decides with its own subtask's watermark, and a window operator's watermark is the
 * minimum over the gates that are active. A partition quiet for longer than {@code watermark.idleness}
 * is left out of that minimum, so the windows move on with the others; when it resumes, its records can
 * be on time for its gate and late for the windows (a partition that stalled while its neighbours went
 * on, a producer that paused). Flink drops such inputs and counts them only in
 * {@code numLateRecordsDropped}. Every window of the job sends them to a side output instead
 * ({@link #tag}), and "Late at … to dead letters" turns each into a {@code late} dead letter with the
 * window and key, counted in {@link PipelineMetrics.Input#lateAtWindows()}. A window's input is not a
 * record as read: a pre-aggregated window's is a partial of several records (its dead letter holds the
 * key and the partial, with its counts), the artist windows' a track's projection for one artist, the
 * summary's a digest. So these dead letters have no partition or offset (-1); the reason names the
 * window, and the raw value what it refused.
 */
public final class LateAtWindows {
    private final String topic;
    private final long windowSizeMillis;
    private final PipelineMetrics.Input input;
    private final List<DataStream<DeadLetter>> deadLetters = new ArrayList<>();

    /**
     * @param topic            the input's topic, the source of its dead letters
     * @param windowSizeMillis the size of the input's tumbling windows
     */
    public LateAtWindows(String topic, long windowSizeMillis, PipelineMetrics.Input input) {
        this.topic = topic;
        this.windowSizeMillis = windowSizeMillis;
        this.input = input;
    }

    /** The side output of the late inputs of the window operator {@code windowUid}. */
    public static <I> OutputTag<I> tag(String windowUid, TypeInformation<I> inputType) {
        return new OutputTag<>(windowUid + "-late-inputs", inputType);
    }

    /**
     * Turns what {@code windows} sends to {@code tag} (its {@code sideOutputLateData}) into dead letters,
     * in an operator named {@code "Late at " + what + " to dead letters"} with uid
     * {@code windowUid + "-late"}.
     */
    public <I> SingleOutputStreamOperator<DeadLetter> collect(
            SingleOutputStreamOperator<?> windows, OutputTag<I> tag, String what, String windowUid) {
        SingleOutputStreamOperator<DeadLetter> late = windows.getSideOutput(tag)
                .process(new ToDeadLetter<I>(topic, what, windowSizeMillis, input))
                .name("Late at " + what + " to dead letters")
                .uid(windowUid + "-late");
        deadLetters.add(late);
        deadLetters.add(windows.getSideOutput(DeadLetters.TAG));
        return late;
    }

    /**
     * How the window function of {@code what} turns a window it refuses to emit again into a dead letter
     * ({@link Reopened}); its dead letters are collected with the late inputs of its operator.
     */
    public Reopened reopened(String what) {
        return new Reopened(topic, what, input);
    }

    /**
     * A window the keyed guard ({@link EmittedWindows}) refuses to emit a second time still holds the
     * inputs that reopened it. They reach no row, so they become one {@code late} dead letter with the
     * window, its key and its aggregate, sent to the window operator's {@link DeadLetters#TAG} and counted
     * in the input's {@code lateAtWindows}: a window reopened after a restore (an input that was behind
     * the windows at the snapshot) loses nothing silently. Until 2026-12-03 only
     * {@link EmittedWindows#METRIC} counted it.
     */
    public static final class Reopened implements Serializable {
        private static final long serialVersionUID = 1L;

        private final String topic;
        private final String what;
        private final PipelineMetrics.Input input;

        Reopened(String topic, String what, PipelineMetrics.Input input) {
            this.topic = topic;
            this.what = what;
            this.input = input;
        }

        /** The counter of these dead letters, in the window operator's group. */
        public Counter counter(MetricGroup group) {
            return group.counter(input.lateAtWindows());
        }

        /** The dead letter of the window {@code window} of {@code key} (null for an all-window). */
        public DeadLetter deadLetter(String key, Object aggregate, TimeWindow window, long now) {
            return DeadLetter.of(
                    topic,
                    -1,
                    -1,
                    RejectCategory.LATE,
                    DeadLetters.LATE + ": " + what + " input for the window "
                            + Instant.ofEpochMilli(window.getStart()) + " to " + Instant.ofEpochMilli(window.getEnd())
                            + " arrived after its key had emitted this window or a later one (an input was behind"
                            + " the windows, as after a restore); its aggregate is in no row",
                    raw(key, aggregate),
                    now);
        }

        private static String raw(String key, Object aggregate) {
            try {
                return DeadLetters.json(new ReopenedWindow(key, aggregate));
            } catch (RuntimeException e) {
                // a dead letter never fails the job: the aggregate as text, then
                return String.valueOf(new ReopenedWindow(key, aggregate));
            }
        }
    }

    /** The raw value of a reopened window's dead letter: its key and what its inputs added up to. */
    record ReopenedWindow(String key, Object aggregate) {}

    /** {@code others} and the dead letters of every window collected. */
    public DataStream<DeadLetter> unionWith(DataStream<DeadLetter> others) {
        DataStream<DeadLetter> all = others;
        for (DataStream<DeadLetter> late : deadLetters) {
            all = all.union(late);
        }
        return all;
    }

    /** A late input of a window operator as a dead letter. */
    static final class ToDeadLetter<I> extends ProcessFunction<I, DeadLetter> {
        private static final long serialVersionUID = 1L;

        private final String topic;
        private final String what;
        private final long windowSizeMillis;
        private final PipelineMetrics.Input input;
        private transient Counter late;

        ToDeadLetter(String topic, String what, long windowSizeMillis, PipelineMetrics.Input input) {
            this.topic = topic;
            this.what = what;
            this.windowSizeMillis = windowSizeMillis;
            this.input = input;
        }

        @Override
        public void open(OpenContext openContext) {
            late = getRuntimeContext().getMetricGroup().counter(input.lateAtWindows());
        }

        @Override
        public void processElement(I value, Context ctx, Collector<DeadLetter> out) {
            late.inc();
            out.collect(deadLetter(value, ctx.timestamp(), System.currentTimeMillis()));
        }

        DeadLetter deadLetter(I value, long timestamp, long now) {
            long start = TimeWindow.getWindowStartWithOffset(timestamp, 0, windowSizeMillis);
            Object raw = value instanceof Tuple2<?, ?> partial ? new LatePartial(partial.f0, partial.f1) : value;
            return DeadLetter.of(
                    topic,
                    -1,
                    -1,
                    RejectCategory.LATE,
                    DeadLetters.LATE + ": " + what + " input for the window " + Instant.ofEpochMilli(start) + " to "
                            + Instant.ofEpochMilli(start + windowSizeMillis)
                            + " arrived after the window had been emitted (an input of the window was behind the"
                            + " others, such as a partition that had been idle)",
                    DeadLetters.json(raw),
                    now);
        }
    }

    /** The raw value of a pre-aggregated window's late input: its key and the records' partial aggregate. */
    record LatePartial(Object key, Object partial) {}
}
