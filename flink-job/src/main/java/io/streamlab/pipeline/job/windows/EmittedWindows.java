package io.streamlab.pipeline.job.windows;

import java.io.IOException;
import java.time.Duration;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * The last line of defence against a window row written twice: per key, the end of the last window
 * emitted (keyed state, so it survives restores and rescales). A window that does not end after it is
 * a window already emitted, or an older one reopened, and is not emitted again but counted in
 * {@value #METRIC}. The {@link OnTimeGate} keeps late records away from the windows; this guard holds
 * even where the gate cannot see (a source subtask idle since its start, whose watermark says nothing).
 *
 * <p>Entries expire a day after their last update: a key's last emission only matters while its
 * records can still come late, and the state of millions of one-off keys (artists, words) must not
 * grow for months.
 */
public final class EmittedWindows {
    public static final String METRIC = "windowRowsSuppressed";
    static final Duration RETENTION = Duration.ofDays(1);
    static final int INCREMENTAL_CLEANUP_ENTRIES = 2;

    private static final ValueStateDescriptor<Long> LAST_EMITTED_END = descriptor();

    private EmittedWindows() {}

    private static ValueStateDescriptor<Long> descriptor() {
        ValueStateDescriptor<Long> d = new ValueStateDescriptor<>("last-emitted-window-end", Types.LONG);
        // Each access adds at most one entry, so looking at two more per access keeps up with expiry;
        // the default (five) was a sixth of the artist windows' time in the profile (README, Performance)
        d.enableTimeToLive(StateTtlConfig.newBuilder(RETENTION)
                .cleanupIncrementally(INCREMENTAL_CLEANUP_ENTRIES, false)
                .build());
        return d;
    }

    public static Counter suppressedCounter(MetricGroup group) {
        return group.counter(METRIC);
    }

    /** True (and remembered) when {@code window} is the first emission of its key at or after its end. */
    public static boolean firstEmission(KeyedStateStore perKey, TimeWindow window) throws IOException {
        ValueState<Long> lastEnd = perKey.getState(LAST_EMITTED_END);
        Long last = lastEnd.value();
        if (last != null && window.getEnd() <= last) {
            return false;
        }
        lastEnd.update(window.getEnd());
        return true;
    }
}
