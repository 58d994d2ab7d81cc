package io.streamlab.pipeline.job.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.junit.jupiter.api.Test;

/**
 * Where each key group of a window operator had fired, across snapshots, restores and rescales: each
 * subtask's own watermark, never another's.
 */
class FiredWindowsTest {
    private static final int MAX_PARALLELISM = 128;
    private static final TimeWindow FIRST = new TimeWindow(0, 60_000);
    private static final TimeWindow SECOND = new TimeWindow(60_000, 120_000);

    /** A key whose group the subtask {@code subtask} of {@code parallelism} holds. */
    private static String keyOf(int subtask, int parallelism, int n) {
        int found = 0;
        for (int i = 0; ; i++) {
            String key = "key-" + i;
            int group = KeyGroupRangeAssignment.assignToKeyGroup(key, MAX_PARALLELISM);
            if (KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(MAX_PARALLELISM, parallelism, group) == subtask
                    && found++ == n) {
                return key;
            }
        }
    }

    private static FiredWindows subtask(int index, int parallelism, List<Tuple2<Integer, Long>> snapshots) {
        return new FiredWindows(MAX_PARALLELISM, parallelism, index, snapshots);
    }

    /**
     * The watermark recorded in a snapshot is one whose every timer had fired: Flink 2.2's window operator
     * fires all of a watermark's timers in one go. An operator that opts in to interruptible timers (for
     * unaligned checkpoints) could be snapshotted half-way, with windows before the recorded watermark
     * still unfired, and they would be refused after a restore. This fails on the Flink version whose window
     * operator opts in (or that changes the method), so that the guard is looked at again then.
     */
    @Test
    void theWindowOperatorFiresEveryTimerOfAWatermarkBeforeASnapshot() throws Exception {
        assertThat(org.apache.flink.streaming.runtime.operators.windowing.WindowOperator.class
                        .getMethod("useInterruptibleTimers")
                        .getDeclaringClass())
                .isEqualTo(org.apache.flink.streaming.api.operators.AbstractStreamOperator.class);
    }

    /**
     * Two subtasks at different watermarks at the snapshot (one fired the second window, the other had an
     * input back from idleness and had not): after the restore each refuses what it had fired, and the
     * second window of the other's keys is still open, to be emitted.
     */
    @Test
    void eachSubtaskRestoresItsOwnWatermarkNotTheHighest() {
        FiredWindows ahead = subtask(0, 2, List.of());
        FiredWindows behind = subtask(1, 2, List.of());
        ahead.fired(119_999);
        behind.fired(59_999);
        List<Tuple2<Integer, Long>> snapshot = new ArrayList<>(ahead.snapshot());
        snapshot.addAll(behind.snapshot());

        FiredWindows restoredAhead = subtask(0, 2, snapshot);
        FiredWindows restoredBehind = subtask(1, 2, snapshot);

        assertThat(restoredAhead.firedBeforeRestore(keyOf(0, 2, 0), SECOND)).isTrue();
        assertThat(restoredAhead.firedBeforeRestore(keyOf(0, 2, 1), FIRST)).isTrue();
        assertThat(restoredBehind.firedBeforeRestore(keyOf(1, 2, 0), FIRST)).isTrue();
        assertThat(restoredBehind.firedBeforeRestore(keyOf(1, 2, 0), SECOND))
                .as("not fired by its subtask: still to be emitted")
                .isFalse();
    }

    @Test
    void aRescaleTakesEachKeyGroupsWatermarkWithIt() {
        List<Tuple2<Integer, Long>> snapshot = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            FiredWindows old = subtask(s, 2, List.of());
            old.fired(s == 0 ? 119_999 : 59_999);
            snapshot.addAll(old.snapshot());
        }
        for (int s = 0; s < 3; s++) {
            FiredWindows rescaled = subtask(s, 3, snapshot);
            for (int n = 0; n < 20; n++) {
                String key = keyOf(s, 3, n);
                int group = KeyGroupRangeAssignment.assignToKeyGroup(key, MAX_PARALLELISM);
                boolean heldByTheOneAhead =
                        KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(MAX_PARALLELISM, 2, group) == 0;
                assertThat(rescaled.firedBeforeRestore(key, FIRST)).isTrue();
                assertThat(rescaled.firedBeforeRestore(key, SECOND)).as(key).isEqualTo(heldByTheOneAhead);
            }
        }
    }

    @Test
    void aSubtaskThatFiresNothingAfterARestoreKeepsWhatItRestoredInItsNextSnapshot() {
        FiredWindows first = subtask(0, 1, List.of());
        first.fired(119_999);
        FiredWindows quiet = subtask(0, 1, first.snapshot());

        FiredWindows again = subtask(0, 1, quiet.snapshot());
        assertThat(again.firedBeforeRestore("any", SECOND)).isTrue();

        // and a lower watermark after a restore lowers nothing
        again.fired(30_000);
        assertThat(subtask(0, 1, again.snapshot()).firedBeforeRestore("any", SECOND))
                .isTrue();
        again.fired(179_999);
        assertThat(subtask(0, 1, again.snapshot()).firedBeforeRestore("any", new TimeWindow(120_000, 180_000)))
                .isTrue();
    }

    @Test
    void aDrainIsNotRecordedAndNothingFiredIsNothingRefused() {
        FiredWindows drained = subtask(0, 1, List.of());
        drained.fired(EmittedWindows.AS_AT_A_DRAIN);
        assertThat(drained.snapshot()).isEmpty();
        assertThat(subtask(0, 1, drained.snapshot()).firedBeforeRestore("any", FIRST))
                .isFalse();

        drained.fired(59_999);
        drained.fired(EmittedWindows.AS_AT_A_DRAIN);
        FiredWindows resumed = subtask(0, 1, drained.snapshot());
        assertThat(resumed.firedBeforeRestore("any", FIRST)).isTrue();
        assertThat(resumed.firedBeforeRestore("any", SECOND))
                .as("the drain's windows are the keys' to remember")
                .isFalse();
    }
}
