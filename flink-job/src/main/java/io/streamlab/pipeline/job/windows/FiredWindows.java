package io.streamlab.pipeline.job.windows;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * How far one subtask of a keyed window operator has fired its windows, per key group, as its snapshots
 * keep it. Flink restores no watermark: after a restore the window operator's event time starts from
 * nothing, and a record of a window fired before the snapshot would open it again. A subtask that fired a
 * window at watermark {@code w} had fired every window up to {@code w} of every key it holds, so every
 * key group of its range is recorded at {@code w}: after a restore (to any parallelism: key groups move
 * whole) a window of a key whose group had fired past it is refused, whatever the key. Each subtask's own
 * watermark counts, not a common one: subtasks of one operator may hold different watermarks at a
 * checkpoint (an input back from idleness is counted again at different moments).
 *
 * <p>The watermark of a drain or of the end of a bounded input ({@link EmittedWindows#AS_AT_A_DRAIN})
 * fires windows no watermark passed, and is not recorded: the keys remember those windows.
 */
public final class FiredWindows {
    private final int maxParallelism;
    private final KeyGroupRange range;
    /** Per key group of the range, the watermark restored for it. */
    private final long[] restored;

    private long firedSinceRestore = Long.MIN_VALUE;

    /** The subtask {@code subtask} of {@code parallelism}, restored from every subtask's {@link #snapshot}. */
    public FiredWindows(int maxParallelism, int parallelism, int subtask, Iterable<Tuple2<Integer, Long>> snapshots) {
        this.maxParallelism = maxParallelism;
        this.range = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(maxParallelism, parallelism, subtask);
        this.restored = new long[range.getNumberOfKeyGroups()];
        java.util.Arrays.fill(restored, Long.MIN_VALUE);
        for (Tuple2<Integer, Long> entry : snapshots) {
            if (range.contains(entry.f0)) {
                int i = entry.f0 - range.getStartKeyGroup();
                restored[i] = Math.max(restored[i], entry.f1);
            }
        }
    }

    /** A window of this subtask fired at {@code watermark}. */
    public void fired(long watermark) {
        if (watermark != EmittedWindows.AS_AT_A_DRAIN && watermark > firedSinceRestore) {
            firedSinceRestore = watermark;
        }
    }

    /** Whether the snapshot restored had fired {@code window} for every key of {@code key}'s group. */
    public boolean firedBeforeRestore(String key, TimeWindow window) {
        int group = KeyGroupRangeAssignment.assignToKeyGroup(key, maxParallelism);
        return range.contains(group) && window.maxTimestamp() <= restored[group - range.getStartKeyGroup()];
    }

    /** (key group, watermark) for each key group of this subtask that fired anything. */
    public List<Tuple2<Integer, Long>> snapshot() {
        List<Tuple2<Integer, Long>> entries = new ArrayList<>();
        for (int i = 0; i < restored.length; i++) {
            long watermark = Math.max(restored[i], firedSinceRestore);
            if (watermark != Long.MIN_VALUE) {
                entries.add(Tuple2.of(range.getStartKeyGroup() + i, watermark));
            }
        }
        return entries;
    }
}
