package io.streamlab.pipeline.job.tracks;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.datasets.TracksSummary;
import io.streamlab.pipeline.job.deadletters.DeadLetters;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.Json;
import io.streamlab.pipeline.records.RejectCategory;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.OneInputStreamOperatorFactory;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The summary window, the one window of the job that is not keyed by a field, has its own guard against
 * a second row: restored, its watermark starts from nothing, and an input of an emitted window reopens it.
 */
class SummaryWindowHarnessTest {
    private static final long MIN = 60_000;

    private KeyedOneInputStreamOperatorTestHarness<Object, SummaryInput, TracksSummary> harness;

    @SuppressWarnings("unchecked")
    private static KeyedOneInputStreamOperatorTestHarness<Object, SummaryInput, TracksSummary> newHarness()
            throws Exception {
        PipelineConfig.EventTime eventTime = PipelineConfig.load(List.of("--window.tracks.size", "1min"), Map.of())
                .eventTime();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SingleOutputStreamOperator<TracksSummary> summary = TrackAnalytics.summary(
                env.fromData(genre("pop", 0, 1)),
                env.fromData(new ArtistStats(0, MIN, "a", 1, 1, 1, 0, 0, 0, 0, 0, 1)),
                eventTime,
                TestPipelines.lateAtWindows(),
                false);
        var window = (OneInputTransformation<SummaryInput, TracksSummary>) summary.getTransformation();
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                (OneInputStreamOperatorFactory<SummaryInput, TracksSummary>) window.getOperatorFactory(),
                (KeySelector<SummaryInput, Object>) window.getStateKeySelector(),
                (TypeInformation<Object>) window.getStateKeyType());
        h.setup();
        return h;
    }

    private static GenreStats genre(String name, long windowStart, long tracks) {
        return new GenreStats(
                windowStart,
                windowStart + MIN,
                name,
                tracks,
                50,
                10,
                90,
                0.5,
                0.5,
                -5,
                0.1,
                0.2,
                0.3,
                0.4,
                0.5,
                120,
                200_000,
                0.1);
    }

    private void send(GenreStats g) throws Exception {
        harness.processElement(new StreamRecord<>(new SummaryInput(g, null), g.windowEnd() - 1));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void aSummaryEmittedBeforeARestoreIsNeverEmittedAgain() throws Exception {
        harness = newHarness();
        harness.open();
        send(genre("pop", 0, 3));
        harness.processWatermark(new Watermark(MIN - 1));
        assertThat(harness.extractOutputValues())
                .extracting(TracksSummary::trackCount)
                .containsExactly(3L);
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        send(genre("rock", 0, 2));
        send(genre("pop", MIN, 4));
        harness.processWatermark(new Watermark(2 * MIN - 1));
        assertThat(harness.extractOutputValues())
                .as("only the next window: the emitted one is refused, not written again with 2 tracks")
                .extracting(TracksSummary::windowStart, TracksSummary::trackCount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(MIN, 4L));
        assertThat(harness.getSideOutput(DeadLetters.TAG))
                .as("the 2 rock tracks that reopened the emitted window are a late dead letter")
                .singleElement()
                .satisfies(record -> {
                    DeadLetter d = record.getValue();
                    assertThat(d.category()).isEqualTo(RejectCategory.LATE.label());
                    assertThat(d.reason())
                            .startsWith("late: tracks summary input for the window 1970-01-01T00:00:00Z")
                            .contains("arrived after its key had emitted this window or a later one");
                    assertThat(Json.MAPPER.readTree(d.raw()).path("aggregate").toString())
                            .contains("\"rock\"");
                });
    }

    @Test
    void aSummaryAheadOfTheClockThatADrainEmittedHoldsBackNoEarlierSummaryAfterTheResume() throws Exception {
        long thisMinute = System.currentTimeMillis() / MIN * MIN;
        long halfAnHourAhead = thisMinute + 30 * MIN;
        harness = newHarness();
        harness.open();
        send(genre("pop", halfAnHourAhead, 1));
        harness.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(harness.extractOutputValues()).hasSize(1);
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        send(genre("rock", thisMinute - MIN, 2));
        send(genre("rock", thisMinute + 10 * MIN, 3));
        send(genre("rock", halfAnHourAhead, 4));
        harness.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(harness.extractOutputValues())
                .as("one genre's record dated ahead must not suppress every summary up to its window")
                .extracting(TracksSummary::windowStart, TracksSummary::trackCount)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(thisMinute - MIN, 2L),
                        org.assertj.core.groups.Tuple.tuple(thisMinute + 10 * MIN, 3L));
    }

    /**
     * A bounded (BATCH) run keeps every window of a key until the key's input ends: one key for the whole
     * history would hold months of windows at once. Its summary is keyed by window instead.
     */
    @Test
    void aBoundedRunsSummaryIsKeyedByWindowAndTheStreamingOneIsOneWindowOverTheStream() {
        PipelineConfig.EventTime eventTime = PipelineConfig.defaults().eventTime();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(4);
        var streaming = summaryOf(env, eventTime, false);
        var bounded = summaryOf(env, eventTime, true);
        assertThat(streaming.getParallelism()).isEqualTo(1);
        assertThat(bounded.getStateKeyType()).isEqualTo(Types.LONG);
        assertThat(bounded.getParallelism()).isEqualTo(4);
        assertThat(bounded.getName()).isEqualTo(streaming.getName()).isEqualTo("Tracks summary per window");
        assertThat(bounded.getUid()).isEqualTo(streaming.getUid()).isEqualTo("tracks-summary");
    }

    private static OneInputTransformation<?, ?> summaryOf(
            StreamExecutionEnvironment env, PipelineConfig.EventTime eventTime, boolean bounded) {
        return (OneInputTransformation<?, ?>) TrackAnalytics.summary(
                        env.fromData(genre("pop", 0, 1)),
                        env.fromData(new ArtistStats(0, MIN, "a", 1, 1, 1, 0, 0, 0, 0, 0, 1)),
                        eventTime,
                        TestPipelines.lateAtWindows(),
                        bounded)
                .getTransformation();
    }
}
