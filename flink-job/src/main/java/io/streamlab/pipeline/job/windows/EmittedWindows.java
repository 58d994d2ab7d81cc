package io.streamlab.pipeline.job.windows;

import io.streamlab.pipeline.config.PipelineConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateDescriptor;
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
 * {@value #METRIC}; its window function sends what reopened it to dead letters
 * ({@link LateAtWindows.Reopened}). The {@link OnTimeGate} keeps late records away from the windows; this guard holds
 * even where the gate cannot see (a source subtask idle since its start, whose watermark says nothing).
 *
 * <p>A window that ends after the clock, emitted by a drain (or the end of a bounded input: the
 * watermark that fires it is the last one), is remembered apart, by its start and end. Watermarks never pass the
 * clock, so only a drain emits one, for a record dated ahead (up to {@code limits.event-time.max-ahead}).
 * Taking its end as the last one emitted would claim every window between the clock and it, which were
 * never emitted: after the drained savepoint is resumed, the next hour of the key's rows (of every summary
 * row, for the summary window) was suppressed. A window fired by any other watermark is an ordinary last
 * end, whatever this task's clock says: the watermark passed every earlier window. Until 2026-12-02 the
 * clock alone decided, and a window task whose clock lagged the sources' by more than the watermark's
 * delay (10 s) put every window of every key in the list, about 70 KB a key within a day.
 *
 * <p>Since 2026-12-03 the keyed windows write a key's last end only at a drain: the watermark a window
 * fired at, kept per key group in each snapshot ({@link FiredWindows}), refuses every window an ordinary
 * watermark fired, for every key, and {@link #emittedBefore} reads what a drain (or a snapshot of an earlier version) left.
 * Until then every window wrote its key, and a stream of one-off keys (an artist or a word per record,
 * which any producer can send) held that many on the heap for the retention. The summary window still
 * writes each of its windows (one key per window). A key's last end expires {@code window.guard-retention}
 * after its last update (a day by default). The windows ahead
 * of the clock are few (records dated ahead, at a drain) and are kept at least a day
 * ({@link #MIN_AHEAD_RETENTION}): a resume after a longer stop can meet records of such a window in the
 * backlog. So a key without a last end (a new key, or an expired one) also looks at its list.
 */
public final class EmittedWindows {
    public static final String METRIC = "windowRowsSuppressed";
    static final Duration MIN_AHEAD_RETENTION = Duration.ofDays(1);
    static final int INCREMENTAL_CLEANUP_ENTRIES = 2;
    /**
     * More windows ahead of the clock than a drain can emit per key: the configuration refuses a
     * {@code limits.event-time.max-ahead} that spans as many windows.
     */
    static final int MAX_AHEAD_ENTRIES = PipelineConfig.EventTime.MAX_WINDOWS_AHEAD;

    private final ValueStateDescriptor<Long> lastEmittedEnd;
    private final ListStateDescriptor<Long> emittedEndsAheadOfTheClock;
    /**
     * The starts of those windows, in the same order: after a drain, a resume with another window size
     * opens windows that end where a drained one did (10:00–10:05 after 10:04–10:05), which are not it.
     * A savepoint written before 2026-12-02 has ends without starts: those match any window of their end.
     */
    private final ListStateDescriptor<Long> emittedStartsAheadOfTheClock;

    private final long aheadRetentionMillis;

    /** The start of a window ahead of the clock restored without its start: any window of its end is it. */
    private static final long ANY_START = Long.MIN_VALUE;

    /**
     * The guard of a keyed window operator, which writes a key only at a drain ({@link #emittedBefore} otherwise):
     * {@code retention} is {@code window.guard-retention}. Its state stays empty in a steady stream, and Flink's
     * incremental TTL cleanup on the heap starts a new pass over every key group's map at each access of an
     * empty state: that pass was a third of the artist and keyword windows' time in the profile of
     * 2026-12-03 (README, Performance). So the heap cleans an entry when it is read after it expired and
     * when a full snapshot is written (restores free the rest); RocksDB in its compactions. What stays on the
     * heap is what drains and restored snapshots wrote, never more: nothing else writes.
     */
    public static EmittedWindows forKeyedWindows(Duration retention) {
        return new EmittedWindows(retention, false);
    }

    /**
     * The guard of a window that writes each of its windows ({@link #firstEmission} at every firing: the
     * summary's all-window), whose heap entries are also cleaned as its state is accessed.
     */
    public static EmittedWindows writingEveryWindow(Duration retention) {
        return new EmittedWindows(retention, true);
    }

    private EmittedWindows(Duration retention, boolean cleanedAtAccess) {
        Duration aheadRetention = retention.compareTo(MIN_AHEAD_RETENTION) > 0 ? retention : MIN_AHEAD_RETENTION;
        lastEmittedEnd = withRetention(
                new ValueStateDescriptor<>("last-emitted-window-end", Types.LONG), retention, cleanedAtAccess);
        emittedEndsAheadOfTheClock = withRetention(
                new ListStateDescriptor<>("emitted-window-ends-ahead-of-the-clock", Types.LONG),
                aheadRetention,
                cleanedAtAccess);
        emittedStartsAheadOfTheClock = withRetention(
                new ListStateDescriptor<>("emitted-window-starts-ahead-of-the-clock", Types.LONG),
                aheadRetention,
                cleanedAtAccess);
        aheadRetentionMillis = aheadRetention.toMillis();
    }

    private static <D extends StateDescriptor<?, ?>> D withRetention(D d, Duration retention, boolean cleanedAtAccess) {
        // Full snapshots (the heap backend's checkpoints and savepoints) leave expired entries out, so the
        // snapshots do not grow with them and a restore frees them.
        StateTtlConfig.Builder ttl = StateTtlConfig.newBuilder(retention).cleanupFullSnapshot();
        if (cleanedAtAccess) {
            // Each access adds at most one entry, so looking at two more per access keeps up with expiry in a
            // steady stream; the default (five) was a sixth of the artist windows' time in the profile of
            // 2026-12-01, when they wrote at every firing.
            ttl.cleanupIncrementally(INCREMENTAL_CLEANUP_ENTRIES, false);
        } else {
            // without this, Flink would still clean incrementally (five entries) by default
            ttl.disableCleanupInBackground().cleanupInRocksdbCompactFilter(ROCKSDB_QUERY_TIME_AFTER_ENTRIES);
        }
        d.enableTimeToLive(ttl.build());
        return d;
    }

    /** Flink's default: RocksDB's compaction asks the time again after so many entries. */
    private static final long ROCKSDB_QUERY_TIME_AFTER_ENTRIES = 1000;

    /** The state this guard keeps per key, for the tests of its retention. */
    List<StateDescriptor<?, ?>> descriptors() {
        return List.of(lastEmittedEnd, emittedEndsAheadOfTheClock, emittedStartsAheadOfTheClock);
    }

    public static Counter suppressedCounter(MetricGroup group) {
        return group.counter(METRIC);
    }

    /**
     * True (and remembered) when {@code window} is the first emission of its key at or after its end.
     * {@code firingWatermark} is the watermark that fired it, or {@link #AS_AT_A_DRAIN} where the window
     * function cannot know it (an all-window), so that only the clock tells a window ahead.
     */
    public boolean firstEmission(KeyedStateStore perKey, TimeWindow window, long firingWatermark) throws Exception {
        return firstEmission(perKey, window, firingWatermark, System.currentTimeMillis());
    }

    /** The watermark of a drain and of the end of a bounded input. */
    public static final long AS_AT_A_DRAIN = Long.MAX_VALUE;

    /**
     * Whether the key emitted {@code window} already, as far as its keyed state tells (a drain's windows, and
     * the last ends kept by snapshots written before 2026-12-03); writes nothing. A window fired by an
     * ordinary watermark needs no keyed record: the watermark that fired it, kept per key group in each
     * snapshot ({@link FiredWindows}), refuses it after a restore, for every key.
     */
    public boolean emittedBefore(KeyedStateStore perKey, TimeWindow window) throws Exception {
        Long stored = perKey.getState(lastEmittedEnd).value();
        if (window.getEnd() <= lastEnd(stored)) {
            return true;
        }
        return (stored == null || stored < 0) && isIn(aheadOfTheClock(perKey), window);
    }

    /**
     * The last end emitted of a key's stored value. Negative: the key also has windows ahead of the clock
     * (in the list), and the last end is stored as -1 - end (0: none yet). So a key with a last end reads one
     * state, as before the list existed; window ends are positive, and a savepoint written before holds
     * plain ends.
     */
    private static long lastEnd(Long stored) {
        return stored == null ? 0 : stored < 0 ? -1 - stored : stored;
    }

    /** The key's windows ahead of the clock; its starts are read only when it has some. */
    private List<Emitted> aheadOfTheClock(KeyedStateStore perKey) throws Exception {
        List<Long> ends = new ArrayList<>();
        perKey.getListState(emittedEndsAheadOfTheClock).get().forEach(ends::add);
        if (ends.isEmpty()) {
            return new ArrayList<>();
        }
        List<Long> starts = new ArrayList<>();
        perKey.getListState(emittedStartsAheadOfTheClock).get().forEach(starts::add);
        List<Emitted> ahead = new ArrayList<>(ends.size() + 1);
        for (int i = 0; i < ends.size(); i++) {
            ahead.add(new Emitted(i < starts.size() ? starts.get(i) : ANY_START, ends.get(i)));
        }
        return ahead;
    }

    private static boolean isIn(List<Emitted> ahead, TimeWindow window) {
        return ahead.stream()
                .anyMatch(
                        e -> e.end() == window.getEnd() && (e.start() == ANY_START || e.start() == window.getStart()));
    }

    boolean firstEmission(KeyedStateStore perKey, TimeWindow window, long firingWatermark, long now) throws Exception {
        ValueState<Long> lastEndState = perKey.getState(lastEmittedEnd);
        Long stored = lastEndState.value();
        boolean hasAhead = stored != null && stored < 0;
        long last = lastEnd(stored);
        long end = window.getEnd();
        if (end <= last) {
            return false;
        }
        boolean aheadOfTheClock = firingWatermark == AS_AT_A_DRAIN && end > now;
        if (!hasAhead && !aheadOfTheClock && stored != null) {
            lastEndState.update(end);
            return true;
        }
        // also without a last end: a new key, or one whose last end expired before its windows ahead did
        List<Emitted> ahead = aheadOfTheClock(perKey);
        if (ahead.isEmpty() && !aheadOfTheClock) {
            lastEndState.update(end);
            return true;
        }
        if (isIn(ahead, window)) {
            return false;
        }
        long start = window.getStart();
        if (aheadOfTheClock) {
            ahead.add(new Emitted(start, end));
            // bounded even if this task's clock lags the sources' by more than a window at a drain
            ahead.removeIf(e -> e.end() <= now - aheadRetentionMillis);
            if (ahead.size() > MAX_AHEAD_ENTRIES) {
                ahead.sort(Comparator.comparingLong(Emitted::end));
                ahead.subList(0, ahead.size() - MAX_AHEAD_ENTRIES).clear();
            }
        } else {
            last = end;
            ahead.removeIf(e -> e.end() <= end);
        }
        perKey.getListState(emittedEndsAheadOfTheClock)
                .update(ahead.stream().map(Emitted::end).toList());
        perKey.getListState(emittedStartsAheadOfTheClock)
                .update(ahead.stream().map(Emitted::start).toList());
        lastEndState.update(ahead.isEmpty() ? last : -1 - last);
        return true;
    }

    /** A window ahead of the clock that a drain emitted. */
    private record Emitted(long start, long end) {}
}
