package io.streamlab.pipeline.job.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.junit.jupiter.api.Test;

/** The guard of one key, on its own: which emissions it lets through, with a clock given by the test. */
class EmittedWindowsTest {
    private static final long MIN = 60_000;
    private static final long NOW = 1_800_000_000_000L / MIN * MIN;
    private static final EmittedWindows GUARD = EmittedWindows.forKeyedWindows(Duration.ofHours(1));

    /** One key's state: a value and a list by descriptor name, what a keyed state backend holds for it. */
    private final Map<String, Object> values = new HashMap<>();

    private final Map<String, List<Object>> lists = new HashMap<>();

    private final KeyedStateStore store = (KeyedStateStore) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {KeyedStateStore.class}, (proxy, method, args) -> {
                String name = ((StateDescriptor<?, ?>) args[0]).getName();
                return switch (method.getName()) {
                    case "getState" -> value(name);
                    case "getListState" -> list(name);
                    default -> throw new UnsupportedOperationException(method.getName());
                };
            });

    private ValueState<Object> value(String name) {
        return new ValueState<>() {
            @Override
            public Object value() {
                return values.get(name);
            }

            @Override
            public void update(Object value) {
                values.put(name, value);
            }

            @Override
            public void clear() {
                values.remove(name);
            }
        };
    }

    private ListState<Object> list(String name) {
        return new ListState<>() {
            @Override
            public Iterable<Object> get() {
                return List.copyOf(lists.getOrDefault(name, List.of()));
            }

            @Override
            public void add(Object value) {
                lists.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }

            @Override
            public void update(List<Object> values) {
                lists.put(name, new ArrayList<>(values));
            }

            @Override
            public void addAll(List<Object> values) {
                lists.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values);
            }

            @Override
            public void clear() {
                lists.remove(name);
            }
        };
    }

    /** Emits as at a drain (or in the summary, which cannot know the watermark): the clock decides. */
    private boolean emit(long windowStart, long now) throws Exception {
        return GUARD.firstEmission(
                store, new TimeWindow(windowStart, windowStart + MIN), EmittedWindows.AS_AT_A_DRAIN, now);
    }

    private boolean fire(long windowStart, long watermark, long now) throws Exception {
        return GUARD.firstEmission(store, new TimeWindow(windowStart, windowStart + MIN), watermark, now);
    }

    private List<Object> ahead() {
        return lists.getOrDefault("emitted-window-ends-ahead-of-the-clock", List.of());
    }

    /**
     * A keyed window's guard is written only at drains, so its state is empty in a steady stream, and the
     * heap's incremental cleanup would start a pass over every key group at each firing of a window (a third
     * of the artist windows' time). Its entries expire as they are read or snapshotted; the summary's
     * guard, written at every window, keeps the cleanup at access. Both expire the same way otherwise.
     */
    @Test
    void onlyTheGuardWrittenAtEveryWindowIsCleanedAtAccess() {
        Duration retention = Duration.ofHours(1);
        for (StateDescriptor<?, ?> d : EmittedWindows.forKeyedWindows(retention).descriptors()) {
            StateTtlConfig ttl = d.getTtlConfig();
            assertThat(ttl.isEnabled()).as(d.getName()).isTrue();
            assertThat(ttl.getCleanupStrategies().getIncrementalCleanupStrategy())
                    .as(d.getName())
                    .isNull();
            assertThat(ttl.getCleanupStrategies().inFullSnapshot())
                    .as(d.getName())
                    .isTrue();
            assertThat(ttl.getCleanupStrategies().getRocksdbCompactFilterCleanupStrategy())
                    .as(d.getName())
                    .isNotNull();
        }
        for (StateDescriptor<?, ?> d :
                EmittedWindows.writingEveryWindow(retention).descriptors()) {
            StateTtlConfig.IncrementalCleanupStrategy atAccess =
                    d.getTtlConfig().getCleanupStrategies().getIncrementalCleanupStrategy();
            assertThat(atAccess).as(d.getName()).isNotNull();
            assertThat(atAccess.getCleanupSize()).isEqualTo(EmittedWindows.INCREMENTAL_CLEANUP_ENTRIES);
            assertThat(d.getTtlConfig().getCleanupStrategies().inFullSnapshot())
                    .as(d.getName())
                    .isTrue();
        }
        assertThat(EmittedWindows.forKeyedWindows(retention).descriptors())
                .extracting(d -> d.getTtlConfig().getTimeToLive())
                .containsExactly(retention, EmittedWindows.MIN_AHEAD_RETENTION, EmittedWindows.MIN_AHEAD_RETENTION);
    }

    @Test
    void aWindowIsEmittedOnceAndAnOlderOneNotAtAll() throws Exception {
        assertThat(emit(NOW - 5 * MIN, NOW)).isTrue();
        assertThat(emit(NOW - 5 * MIN, NOW)).as("again").isFalse();
        assertThat(emit(NOW - 6 * MIN, NOW)).as("older").isFalse();
        assertThat(emit(NOW - 4 * MIN, NOW)).isTrue();
        assertThat(values).containsEntry("last-emitted-window-end", NOW - 3 * MIN);
        assertThat(ahead()).as("the list is not used").isEmpty();
    }

    @Test
    void aWindowAheadOfTheClockClaimsNoEarlierWindowAndIsNotEmittedTwice() throws Exception {
        assertThat(emit(NOW - 10 * MIN, NOW)).isTrue();
        assertThat(emit(NOW + 30 * MIN, NOW))
                .as("a drain emits a window half an hour ahead")
                .isTrue();
        assertThat((Long) values.get("last-emitted-window-end"))
                .as("negative: the key has windows ahead")
                .isNegative();

        assertThat(emit(NOW - 5 * MIN, NOW))
                .as("a window between the last one and the clock")
                .isTrue();
        assertThat(emit(NOW + 10 * MIN, NOW))
                .as("a window ahead, never emitted")
                .isTrue();
        assertThat(emit(NOW + 30 * MIN, NOW)).as("the one the drain emitted").isFalse();
        assertThat(emit(NOW - 5 * MIN, NOW)).isFalse();

        // an hour later: the windows up to the clock are emitted as usual, and the list empties behind them
        long later = NOW + 60 * MIN;
        assertThat(emit(NOW + 30 * MIN, later)).as("still remembered").isFalse();
        assertThat(emit(NOW + 20 * MIN, later)).isTrue();
        assertThat(emit(NOW + 40 * MIN, later)).isTrue();
        assertThat(ahead()).isEmpty();
        assertThat(values).containsEntry("last-emitted-window-end", NOW + 41 * MIN);
        assertThat(emit(NOW + 10 * MIN, later)).isFalse();
    }

    @Test
    void aLastEndFromASavepointOfBeforeTheListIsRead() throws Exception {
        values.put("last-emitted-window-end", NOW - 4 * MIN);
        assertThat(emit(NOW - 5 * MIN, NOW)).isFalse();
        assertThat(emit(NOW - 4 * MIN, NOW)).isTrue();
    }

    @Test
    void theListStaysBoundedWhenThisClockLagsTheSourcesOnes() throws Exception {
        for (int i = 1; i <= EmittedWindows.MAX_AHEAD_ENTRIES + 100; i++) {
            assertThat(emit(NOW + i * MIN, NOW)).isTrue();
        }
        assertThat(ahead()).hasSize(EmittedWindows.MAX_AHEAD_ENTRIES);
        assertThat(emit(NOW + (EmittedWindows.MAX_AHEAD_ENTRIES + 100) * MIN, NOW))
                .as("the latest are kept")
                .isFalse();
    }

    /**
     * A day of minute windows fired by the watermark while this task's clock lags the sources' by two
     * minutes: each was put in the list until 2026-12-02 (1,440 entries a key), as if a drain had emitted it.
     */
    @Test
    void aWindowFiredByTheWatermarkIsAnOrdinaryLastEndWhateverThisClockSays() throws Exception {
        for (int i = 0; i < 1_440; i++) {
            long start = NOW + i * MIN;
            long lagging = start - 2 * MIN;
            assertThat(fire(start, start + MIN - 1, lagging)).isTrue();
            assertThat(fire(start, start + MIN - 1, lagging)).as("again").isFalse();
        }
        assertThat(ahead()).isEmpty();
        assertThat(values).containsEntry("last-emitted-window-end", NOW + 1_440 * MIN);
    }

    /**
     * At a drain, the window that holds the clock goes apart too (kept a day, whatever the guard's
     * retention); after the resume, the watermark fires the windows up to the ones the drain emitted.
     */
    @Test
    void afterADrainTheWatermarkFiresTheWindowsUpToTheOnesItEmitted() throws Exception {
        assertThat(emit(NOW - MIN / 2, NOW))
                .as("the window of the clock, half done")
                .isTrue();
        assertThat(emit(NOW + 10 * MIN, NOW)).as("a record dated ahead").isTrue();
        assertThat(ahead()).containsExactly(NOW + MIN / 2, NOW + 11 * MIN);
        long later = NOW + 15 * MIN;
        assertThat(fire(NOW - MIN / 2, NOW + MIN, later))
                .as("the rest of the window of the clock")
                .isFalse();
        assertThat(fire(NOW + MIN / 2, NOW + 2 * MIN, later)).isTrue();
        assertThat(fire(NOW + 10 * MIN, NOW + 12 * MIN, later)).isFalse();
        assertThat(fire(NOW + 11 * MIN, NOW + 13 * MIN, later)).isTrue();
        assertThat(ahead()).isEmpty();
        assertThat(values).containsEntry("last-emitted-window-end", NOW + 12 * MIN);
    }

    @Test
    void aKeyWhoseLastEndExpiredStillRefusesTheWindowsAheadItHad() throws Exception {
        assertThat(emit(NOW + 30 * MIN, NOW))
                .as("a drain emits a window half an hour ahead")
                .isTrue();
        // the last end kept an hour (window.guard-retention here), the windows ahead a day: a resume two
        // hours later has only the list
        values.clear();
        long later = NOW + 120 * MIN;
        assertThat(emit(NOW + 30 * MIN, later)).as("from the backlog").isFalse();
        assertThat(emit(NOW + 31 * MIN, later)).isTrue();
        assertThat(ahead()).isEmpty();
        assertThat(values).containsEntry("last-emitted-window-end", NOW + 32 * MIN);
    }

    /**
     * A drained savepoint resumed with another window size: the new windows that end where a drained one
     * did are other windows, holding only what came after the drain. Until 2026-12-02 the guard compared
     * ends alone and refused them: the rows were lost (the summary's too).
     */
    @Test
    void aWindowOfAnotherSizeEndingWhereADrainedOneDidIsEmitted() throws Exception {
        TimeWindow drainedMinute = new TimeWindow(NOW + 4 * MIN, NOW + 5 * MIN);
        assertThat(GUARD.firstEmission(store, drainedMinute, EmittedWindows.AS_AT_A_DRAIN, NOW))
                .isTrue();
        long later = NOW + 10 * MIN;
        assertThat(GUARD.firstEmission(store, drainedMinute, NOW + 5 * MIN - 1, later))
                .as("the drained window itself")
                .isFalse();
        assertThat(GUARD.firstEmission(store, new TimeWindow(NOW, NOW + 5 * MIN), NOW + 5 * MIN - 1, later))
                .as("the 5-minute window of the resumed job")
                .isTrue();
        assertThat(ahead()).isEmpty();

        // and the other way: a drained 5-minute window, then minute windows
        lists.clear();
        values.clear();
        TimeWindow drainedFive = new TimeWindow(NOW + 10 * MIN, NOW + 15 * MIN);
        assertThat(GUARD.firstEmission(store, drainedFive, EmittedWindows.AS_AT_A_DRAIN, NOW))
                .isTrue();
        assertThat(GUARD.firstEmission(store, new TimeWindow(NOW + 14 * MIN, NOW + 15 * MIN), NOW + 15 * MIN, later))
                .isTrue();
    }

    @Test
    void aWindowAheadRestoredWithoutItsStartStillRefusesEveryWindowOfItsEnd() throws Exception {
        // a savepoint written before the starts were kept
        values.put("last-emitted-window-end", -1 - (NOW - MIN));
        lists.put("emitted-window-ends-ahead-of-the-clock", new ArrayList<>(List.of(NOW + 5 * MIN)));
        assertThat(GUARD.firstEmission(store, new TimeWindow(NOW, NOW + 5 * MIN), NOW + 5 * MIN - 1, NOW + 6 * MIN))
                .isFalse();
        assertThat(GUARD.firstEmission(
                        store, new TimeWindow(NOW + 5 * MIN, NOW + 10 * MIN), NOW + 10 * MIN - 1, NOW + 11 * MIN))
                .isTrue();
    }
}
