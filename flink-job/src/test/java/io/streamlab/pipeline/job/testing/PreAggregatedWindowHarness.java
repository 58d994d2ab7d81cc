package io.streamlab.pipeline.job.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.metrics.MetricRegistry;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskMetricGroup;
import org.apache.flink.runtime.metrics.util.TestingMetricRegistry;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;

/**
 * The two operators of a pre-aggregated window ({@code PreAggregatedWindows}) exactly as a job wires
 * them, driven by hand: records and watermarks go into the pre-aggregation, whose output (partials,
 * then the watermark) goes on to the keyed window, in order. A snapshot is taken as a checkpoint
 * takes it: the pre-aggregation sends its partials before the barrier, then the window is snapshotted.
 *
 * @param <I> the records
 * @param <O> the window's rows
 */
public final class PreAggregatedWindowHarness<I, O> implements AutoCloseable {
    private final OneInputStreamOperatorTestHarness<I, Object> preAggregate;
    private final KeyedOneInputStreamOperatorTestHarness<String, Object, O> window;
    /** The window's environment: the harness does not close one it was given (its IO manager's threads). */
    private final MockEnvironment windowEnvironment;

    @SuppressWarnings("unchecked")
    private PreAggregatedWindowHarness(SingleOutputStreamOperator<O> rows, Map<String, Metric> windowMetrics)
            throws Exception {
        this(rows, windowMetrics, 1, 1, 0);
    }

    private PreAggregatedWindowHarness(
            SingleOutputStreamOperator<O> rows,
            Map<String, Metric> windowMetrics,
            int maxParallelism,
            int parallelism,
            int subtask)
            throws Exception {
        OneInputTransformation<Object, O> windowStep = (OneInputTransformation<Object, O>) rows.getTransformation();
        Transformation<?> keyBy = windowStep.getInputs().get(0);
        OneInputTransformation<I, Object> preStep =
                (OneInputTransformation<I, Object>) keyBy.getInputs().get(0);
        preAggregate = new OneInputStreamOperatorTestHarness<>(preStep.getOperator());
        // the window's metrics land in windowMetrics, by name (a restored window's replace its predecessor's)
        MetricRegistry registry = TestingMetricRegistry.builder()
                .setRegisterConsumer((metric, name, group) -> windowMetrics.put(name, metric))
                .build();
        TaskMetricGroup task = TaskManagerMetricGroup.createTaskManagerMetricGroup(
                        registry, "localhost", ResourceID.generate())
                .addJob(new JobID(), "job")
                .addTask(ExecutionAttemptID.randomId(), "window");
        windowEnvironment = new MockEnvironmentBuilder()
                .setMetricGroup(task)
                .setMaxParallelism(maxParallelism)
                .setParallelism(parallelism)
                .setSubtaskIndex(subtask)
                .build();
        window = new KeyedOneInputStreamOperatorTestHarness<>(
                windowStep.getOperator(),
                (KeySelector<Object, String>) windowStep.getStateKeySelector(),
                (TypeInformation<String>) windowStep.getStateKeyType(),
                windowEnvironment);
    }

    /** For the window operator a {@code TrackAnalytics}/{@code TicketAnalytics} method returns; not yet open. */
    public static <I, O> PreAggregatedWindowHarness<I, O> of(SingleOutputStreamOperator<O> rows) throws Exception {
        return new PreAggregatedWindowHarness<>(rows, new ConcurrentHashMap<>());
    }

    /** The same, with the window operator's metrics put in {@code windowMetrics} by name as it registers them. */
    public static <I, O> PreAggregatedWindowHarness<I, O> of(
            SingleOutputStreamOperator<O> rows, Map<String, Metric> windowMetrics) throws Exception {
        return new PreAggregatedWindowHarness<>(rows, windowMetrics);
    }

    /** The window operator as the subtask {@code subtask} of {@code parallelism} runs it. */
    public static <I, O> PreAggregatedWindowHarness<I, O> of(
            SingleOutputStreamOperator<O> rows,
            Map<String, Metric> windowMetrics,
            int maxParallelism,
            int parallelism,
            int subtask)
            throws Exception {
        return new PreAggregatedWindowHarness<>(rows, windowMetrics, maxParallelism, parallelism, subtask);
    }

    /** Restores the window's state (the pre-aggregation has none: it sends everything before a barrier). */
    public PreAggregatedWindowHarness<I, O> initializeState(OperatorSubtaskState windowState) throws Exception {
        window.initializeState(windowState);
        return this;
    }

    public PreAggregatedWindowHarness<I, O> open() throws Exception {
        preAggregate.open();
        window.open();
        return this;
    }

    /** The processing time the window's state TTL sees (the guard's retention). */
    public void setStateTtlProcessingTime(long millis) {
        window.setStateTtlProcessingTime(millis);
    }

    /** The window operator's keyed state entries (window contents and the guard's keys). */
    public int keyedStateEntries() {
        return window.numKeyedStateEntries();
    }

    public void processElement(I record, long timestamp) throws Exception {
        preAggregate.processElement(new StreamRecord<>(record, timestamp));
        forward();
    }

    public void processWatermark(long watermark) throws Exception {
        preAggregate.processWatermark(new Watermark(watermark));
        forward();
    }

    /** A checkpoint's snapshot of the window, after the pre-aggregation sent what it held. */
    public OperatorSubtaskState snapshot(long checkpointId, long timestamp) throws Exception {
        preAggregate.prepareSnapshotPreBarrier(checkpointId);
        forward();
        return window.snapshot(checkpointId, timestamp);
    }

    /**
     * A partial straight to the window, as the pre-aggregation of another subtask sends it: that
     * subtask's watermark can be behind the window's (its partition was idle while others went on).
     */
    public void processPartialOfAnotherSubtask(Object partial, long timestamp) throws Exception {
        window.processElement(new StreamRecord<>(partial, timestamp));
    }

    /** What the window sent to {@code tag} so far. */
    public <T> List<T> sideOutput(OutputTag<T> tag) {
        List<T> values = new ArrayList<>();
        var records = window.getSideOutput(tag);
        if (records != null) {
            records.forEach(r -> values.add(r.getValue()));
        }
        return values;
    }

    /** What the pre-aggregation has sent to the window so far, partials only. */
    public int partialsSent() {
        return partialsSent;
    }

    private int partialsSent;

    @SuppressWarnings("unchecked")
    private void forward() throws Exception {
        for (Object element : preAggregate.getOutput()) {
            if (element instanceof StreamRecord<?> partial) {
                window.processElement((StreamRecord<Object>) partial);
                partialsSent++;
            } else if (element instanceof Watermark mark) {
                window.processWatermark(mark);
            }
        }
        preAggregate.getOutput().clear();
    }

    /** The window's rows so far, in the order emitted. */
    public List<O> extractOutputValues() {
        return new ArrayList<>(window.extractOutputValues());
    }

    @Override
    public void close() throws Exception {
        preAggregate.close();
        window.close();
        windowEnvironment.close();
    }
}
