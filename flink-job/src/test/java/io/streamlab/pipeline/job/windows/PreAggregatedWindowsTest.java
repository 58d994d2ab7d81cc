package io.streamlab.pipeline.job.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.job.tickets.TicketAggregates;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The pre-aggregation before the keyed windows: what it sends, and when. It must never hold a partial
 * past the watermark that closes its window (the window would drop it as late), nor across a checkpoint
 * barrier (it has no state: what it held would be lost on a restore), nor beyond its key bound.
 */
class PreAggregatedWindowsTest {
    static final long MIN = 60_000;

    private static OneInputStreamOperatorTestHarness<String, Tuple2<String, Long>> harness(int maxKeys)
            throws Exception {
        var harness = new OneInputStreamOperatorTestHarness<>(new PreAggregatedWindows.LocalPreAggregate<String, Long>(
                word -> word, new TicketAggregates.Count(), MIN, maxKeys));
        harness.open();
        return harness;
    }

    /** The output in order: "word=count@timestamp" for partials, "W timestamp" for watermarks. */
    private static List<String> sent(OneInputStreamOperatorTestHarness<String, Tuple2<String, Long>> harness) {
        List<String> out = new ArrayList<>();
        for (Object element : harness.getOutput()) {
            if (element instanceof StreamRecord<?> r) {
                @SuppressWarnings("unchecked")
                Tuple2<String, Long> partial = (Tuple2<String, Long>) r.getValue();
                out.add(partial.f0 + "=" + partial.f1 + "@" + r.getTimestamp());
            } else if (element instanceof Watermark w) {
                out.add("W " + w.getTimestamp());
            } else if (element instanceof WatermarkStatus status) {
                out.add(status.isIdle() ? "IDLE" : "ACTIVE");
            }
        }
        harness.getOutput().clear();
        return out;
    }

    @Test
    void sendsAWindowsPartialsJustBeforeTheWatermarkThatClosesIt() throws Exception {
        try (var harness = harness(1_000)) {
            for (String word : List.of("printer", "screen", "printer", "printer")) {
                harness.processElement(word, 1_000);
            }
            harness.processElement("printer", MIN + 5);
            harness.processWatermark(new Watermark(MIN - 2));
            assertThat(sent(harness)).containsExactly("W 59998");

            harness.processWatermark(new Watermark(MIN - 1));
            assertThat(sent(harness))
                    .as("the first window's partials, stamped with its last millisecond, then the watermark")
                    .containsExactlyInAnyOrder("printer=3@59999", "screen=1@59999", "W 59999")
                    .endsWith("W 59999");

            harness.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(sent(harness)).containsExactly("printer=1@119999", "W " + Long.MAX_VALUE);
        }
    }

    @Test
    void holdsNothingAcrossACheckpointBarrier() throws Exception {
        try (var harness = harness(1_000)) {
            harness.processElement("printer", 1_000);
            harness.processElement("printer", 3 * MIN);
            harness.prepareSnapshotPreBarrier(1);
            assertThat(sent(harness)).containsExactlyInAnyOrder("printer=1@59999", "printer=1@239999");

            var snapshot = harness.snapshot(1, 1);
            assertThat(snapshot.getManagedOperatorState()).isEmpty();
            assertThat(snapshot.getManagedKeyedState()).isEmpty();
            harness.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(sent(harness)).as("nothing held back").containsExactly("W " + Long.MAX_VALUE);
        }
    }

    @Test
    void sendsEverythingWhenItHoldsMaxKeys() throws Exception {
        try (var harness = harness(3)) {
            harness.processElement("a", 1_000);
            harness.processElement("b", 1_000);
            harness.processElement("a", MIN + 1);
            assertThat(sent(harness))
                    .as("three keys held: the bound is reached")
                    .hasSize(3);

            harness.processElement("a", 2_000);
            harness.processElement("a", 2_000);
            assertThat(sent(harness)).isEmpty();
            harness.processElement("b", 2_000);
            harness.processElement("c", 2_000);
            assertThat(sent(harness)).containsExactlyInAnyOrder("a=2@59999", "b=1@59999", "c=1@59999");
        }
    }

    @Test
    void sendsWhatItHoldsBeforeItsInputIsAnnouncedIdle() throws Exception {
        // an idle input no longer holds the windows back: partials sent after it would be late there
        try (var harness = harness(1_000)) {
            harness.processElement("printer", 1_000);
            harness.processElement("screen", MIN + 1);
            harness.processWatermarkStatus(WatermarkStatus.IDLE);
            assertThat(sent(harness))
                    .containsExactlyInAnyOrder("printer=1@59999", "screen=1@119999", "IDLE")
                    .endsWith("IDLE");
            harness.processWatermarkStatus(WatermarkStatus.ACTIVE);
            assertThat(sent(harness)).containsExactly("ACTIVE");
        }
    }

    @Test
    void sendsWhatItHoldsAtTheEndOfTheInput() throws Exception {
        try (var harness = harness(1_000)) {
            harness.processElement("printer", 1_000);
            harness.getOneInputOperator().finish();
            assertThat(sent(harness)).containsExactly("printer=1@59999");
        }
    }
}
