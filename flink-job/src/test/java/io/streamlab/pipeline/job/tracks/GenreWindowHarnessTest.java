package io.streamlab.pipeline.job.tracks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.job.deadletters.DeadLetters;
import io.streamlab.pipeline.job.testing.PreAggregatedWindowHarness;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.job.windows.EmittedWindows;
import io.streamlab.pipeline.job.windows.LateAtWindows;
import io.streamlab.pipeline.metrics.PipelineMetrics;
import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.Json;
import io.streamlab.pipeline.records.RejectCategory;
import io.streamlab.pipeline.records.Track;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The genre window operator exactly as the job wires it ({@link TrackAnalytics#genreStats}), driven by
 * hand: watermarks fire windows, records behind the watermark leave through the late side output.
 */
class GenreWindowHarnessTest {
    private PreAggregatedWindowHarness<Track, GenreStats> harness;
    /** The window operator's metrics by name: the latest harness's after a restore. */
    private final Map<String, Metric> windowMetrics = new ConcurrentHashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        harness = newHarness();
        harness.open();
    }

    private PreAggregatedWindowHarness<Track, GenreStats> newHarness() throws Exception {
        return newHarness(1, 1, 0);
    }

    private PreAggregatedWindowHarness<Track, GenreStats> newHarness(int maxParallelism, int parallelism, int subtask)
            throws Exception {
        PipelineConfig.EventTime eventTime = PipelineConfig.load(
                        List.of(
                                "--window.tracks.size",
                                "1min",
                                "--window.allowed-lateness",
                                "0s",
                                "--window.guard-retention",
                                "1h"),
                        Map.of())
                .eventTime();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SingleOutputStreamOperator<GenreStats> stats = TrackAnalytics.genreStats(
                env.fromData(track("x", "pop", 1, 0)), eventTime, TestPipelines.lateAtWindows());
        return PreAggregatedWindowHarness.<Track, GenreStats>of(
                stats, windowMetrics, maxParallelism, parallelism, subtask);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    static Track track(String id, String genre, int popularity, long epochSeconds) {
        return TestTracks.sample()
                .trackId(id)
                .popularity(popularity)
                .explicit(popularity > 50)
                .trackGenre(genre)
                .timestamp(epochSeconds)
                .sourcePartition(0)
                .sourceOffset(0)
                .build();
    }

    private void send(Track t) throws Exception {
        harness.processElement(t, t.eventTimeMillis());
    }

    /** A checkpoint's snapshot, then a new operator restored from it, as after a failure or a resume. */
    private void snapshotAndRestore() throws Exception {
        var snapshot = harness.snapshot(1L, 1L);
        harness.close();
        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
    }

    /**
     * As {@link #snapshotAndRestore}, from a snapshot of a version before 2026-12-03: its window operators
     * kept no watermark (no operator state), only the keyed guard.
     */
    private void snapshotAndRestoreAsBefore20261203() throws Exception {
        var snapshot = harness.snapshot(1L, 1L);
        assertThat(snapshot.getManagedOperatorState())
                .as("the watermark a window fired at")
                .isNotEmpty();
        var withoutTheWatermark = org.apache.flink.runtime.checkpoint.OperatorSubtaskState.builder()
                .setManagedKeyedState(snapshot.getManagedKeyedState())
                .setRawKeyedState(snapshot.getRawKeyedState())
                .build();
        harness.close();
        harness = newHarness();
        harness.initializeState(withoutTheWatermark);
        harness.open();
    }

    private List<GenreStats> results() {
        return harness.extractOutputValues();
    }

    @Test
    void aWindowFiresWhenTheWatermarkPassesItsEnd() throws Exception {
        send(track("a", "pop", 10, 5));
        send(track("b", "pop", 90, 59));
        send(track("c", "rock", 40, 30));
        send(track("d", "pop", 20, 61));
        harness.processWatermark(59_998);
        assertEquals(List.of(), results(), "the window [0, 60s) is still open");

        harness.processWatermark(59_999);
        List<GenreStats> rows = results();
        assertEquals(2, rows.size());
        GenreStats pop =
                rows.stream().filter(r -> r.genre().equals("pop")).findFirst().orElseThrow();
        assertEquals(0, pop.windowStart());
        assertEquals(60_000, pop.windowEnd());
        assertEquals(2, pop.trackCount());
        assertEquals(50.0, pop.popularityAvg());
        assertEquals(10, pop.popularityMin());
        assertEquals(90, pop.popularityMax());
        assertEquals(0.5, pop.explicitShare());
        GenreStats rock =
                rows.stream().filter(r -> r.genre().equals("rock")).findFirst().orElseThrow();
        assertEquals(1, rock.trackCount());

        harness.processWatermark(119_999);
        assertEquals(3, results().size(), "the second window holds track d alone");
    }

    @Test
    void recordsBehindTheWatermarkChangeNothing() throws Exception {
        send(track("a", "pop", 10, 5));
        harness.processWatermark(70_000);
        assertEquals(1, results().size());

        // the OnTimeGate keeps late tracks away from the windows; one that gets here anyway is dropped
        send(track("late", "pop", 99, 30));
        send(track("on-time", "pop", 50, 75));
        harness.processWatermark(200_000);
        List<GenreStats> rows = results();
        assertEquals(2, rows.size(), "no second row for the first window");
        assertEquals(List.of(1L, 1L), rows.stream().map(GenreStats::trackCount).toList());
        assertEquals(50.0, rows.get(1).popularityAvg());
    }

    @Test
    void aPartialBehindTheWindowsWatermarkGoesToTheLateInputsNotIntoASecondRow() throws Exception {
        send(track("a", "pop", 10, 5));
        harness.processWatermark(70_000);
        assertEquals(1, results().size());

        // the pre-aggregation of another subtask, whose partition was idle while this one moved on
        FeatureSums behind = new FeatureSums().add(track("b", "pop", 99, 30)).add(track("c", "pop", 98, 31));
        harness.processPartialOfAnotherSubtask(Tuple2.of("pop", behind), 59_999);
        harness.processWatermark(200_000);

        assertEquals(1, results().size(), "no second row for the window");
        List<Object> late =
                harness.sideOutput(LateAtWindows.tag("tracks-genre-stats", TypeInformation.of(Object.class)));
        assertThat(late).hasSize(1);
        @SuppressWarnings("unchecked")
        Tuple2<String, FeatureSums> partial = (Tuple2<String, FeatureSums>) late.get(0);
        assertThat(partial.f0).isEqualTo("pop");
        assertThat(partial.f1.toGenreStats(0, 60_000, "pop").trackCount()).isEqualTo(2);
    }

    @Test
    void aWindowEmittedBeforeARestoreIsNeverEmittedAgain() throws Exception {
        send(track("a", "pop", 10, 5));
        harness.processWatermark(59_999);
        assertEquals(1, results().size());
        // restored, the window operator's watermark starts from nothing again: a track of the emitted
        // window is on time for it and reopens the window; the keyed guard refuses the second row
        snapshotAndRestore();
        send(track("late-after-restore", "pop", 99, 30));
        send(track("next", "pop", 50, 75));
        harness.processWatermark(119_999);
        List<GenreStats> rows = results();
        assertEquals(
                List.of(60_000L),
                rows.stream().map(GenreStats::windowStart).toList(),
                "only the next window is emitted after the restore");
        assertEquals(1, rows.get(0).trackCount());
        assertThat(((Counter) windowMetrics.get(EmittedWindows.METRIC)).getCount())
                .as("the refused row is counted, for the alert")
                .isEqualTo(1);
        // the track that reopened the window reaches no row: it is a late dead letter, not a silent drop
        List<DeadLetter> deadLetters = harness.sideOutput(DeadLetters.TAG);
        assertThat(deadLetters).hasSize(1);
        DeadLetter reopened = deadLetters.get(0);
        assertThat(reopened.category()).isEqualTo(RejectCategory.LATE.label());
        assertThat(reopened.sourceTopic()).isEqualTo("test-topic");
        assertThat(reopened.reason())
                .startsWith("late: genre stats input for the window 1970-01-01T00:00:00Z to 1970-01-01T00:01:00Z")
                .contains("arrived after its key had emitted this window or a later one");
        JsonNode raw = Json.MAPPER.readTree(reopened.raw());
        assertThat(raw.path("key").asText()).isEqualTo("pop");
        assertThat(raw.path("aggregate").path("count").asLong())
                .as("the reopening track")
                .isEqualTo(1);
        assertThat(raw.path("aggregate").path("popularity_sum").asLong()).isEqualTo(99);
        assertThat(((Counter) windowMetrics.get(PipelineMetrics.Input.TRACKS.lateAtWindows())).getCount())
                .isEqualTo(1);
    }

    @Test
    void aWindowFiredBeforeTheSnapshotIsRefusedForEveryKeyLongAfterTheGuardForgotThem() throws Exception {
        harness.setStateTtlProcessingTime(0);
        send(track("a", "pop", 10, 5));
        harness.processWatermark(59_999);
        assertEquals(1, results().size());

        // restored ten days later, past the keyed guard's retention: the watermark the window fired at
        // is in the snapshot, so the window stays emitted for its key and for a key it never had
        snapshotAndRestore();
        harness.setStateTtlProcessingTime(10 * 24 * 60 * 60_000L);
        send(track("reopens-pop", "pop", 99, 30));
        send(track("new-genre-in-an-old-window", "rock", 40, 31));
        send(track("next", "pop", 50, 75));
        harness.processWatermark(119_999);
        assertEquals(
                List.of("pop@60000"),
                results().stream().map(r -> r.genre() + "@" + r.windowStart()).toList());
        assertThat(((Counter) windowMetrics.get(EmittedWindows.METRIC)).getCount())
                .isEqualTo(2);
        assertThat(harness.sideOutput(DeadLetters.TAG))
                .extracting(DeadLetter::category)
                .containsExactly(RejectCategory.LATE.label(), RejectCategory.LATE.label());

        // and so on after a second restore, which keeps the highest watermark reached
        snapshotAndRestore();
        send(track("reopens-the-second-window", "jazz", 10, 100));
        harness.processWatermark(179_999);
        assertEquals(List.of(), results(), "the second window fired before the second snapshot");
    }

    /** The second of two subtasks, of 128 key groups: it keeps and restores the groups it holds. */
    @Test
    void aSubtaskOfSeveralRefusesTheWindowsItsKeyGroupsFired() throws Exception {
        harness.close();
        harness = newHarness(128, 2, 1);
        harness.open();
        List<String> genres = new java.util.ArrayList<>();
        for (int i = 0; genres.size() < 2; i++) {
            int group = org.apache.flink.runtime.state.KeyGroupRangeAssignment.assignToKeyGroup("genre-" + i, 128);
            if (org.apache.flink.runtime.state.KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(128, 2, group)
                    == 1) {
                genres.add("genre-" + i);
            }
        }
        send(track("a", genres.get(0), 10, 5));
        harness.processWatermark(59_999);
        assertEquals(1, results().size());

        var snapshot = harness.snapshot(1L, 1L);
        harness.close();
        harness = newHarness(128, 2, 1);
        harness.initializeState(snapshot);
        harness.open();
        send(track("reopens", genres.get(0), 99, 30));
        send(track("new-key-same-subtask", genres.get(1), 99, 31));
        harness.processWatermark(59_999);
        assertEquals(List.of(), results());
        assertThat(((Counter) windowMetrics.get(EmittedWindows.METRIC)).getCount())
                .isEqualTo(2);
    }

    /**
     * Two subtasks restored as three, the first having fired nothing (its window still open), the second
     * two windows: each new subtask refuses, for every key, what the old subtask of that key's group had
     * fired, and nothing more. Flink hands each subtask every entry of the union state, and each keeps its
     * key groups'; a list split among the subtasks would hand the second old subtask's groups to the wrong ones.
     */
    @Test
    void aRescaleKeepsWhereEachKeyGroupHadFired() throws Exception {
        harness.close();
        var before = new org.apache.flink.runtime.checkpoint.OperatorSubtaskState[2];
        for (int subtask = 0; subtask < 2; subtask++) {
            harness = newHarness(128, 2, subtask);
            harness.open();
            String anchor = keyOfSubtask(subtask, 2, "anchor-");
            if (subtask == 1) {
                send(track("a", anchor, 10, 30));
            }
            send(track("b", anchor, 10, 90));
            harness.processWatermark(subtask == 0 ? 59_999 : 119_999);
            assertThat(results()).hasSize(subtask == 0 ? 0 : 2);
            before[subtask] = harness.snapshot(1L, 1L);
            harness.close();
        }
        var both = org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness.repackageState(before);
        int refused = 0;
        int keysOfTheSecond = 0;
        List<String> rows = new java.util.ArrayList<>();
        for (int subtask = 0; subtask < 3; subtask++) {
            harness = newHarness(128, 3, subtask);
            harness.initializeState(
                    org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness.repartitionOperatorState(
                            both, 128, 2, 3, subtask));
            harness.open();
            Map<String, Integer> oldSubtaskOfKey = new java.util.LinkedHashMap<>();
            for (int i = 0; oldSubtaskOfKey.size() < 8; i++) {
                String genre = "genre-" + i;
                int group = org.apache.flink.runtime.state.KeyGroupRangeAssignment.assignToKeyGroup(genre, 128);
                if (org.apache.flink.runtime.state.KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(
                                128, 3, group)
                        == subtask) {
                    oldSubtaskOfKey.put(
                            genre,
                            org.apache.flink.runtime.state.KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(
                                    128, 2, group));
                }
            }
            for (String genre : oldSubtaskOfKey.keySet()) {
                send(track("first-" + genre, genre, 10, 30));
                send(track("second-" + genre, genre, 10, 90));
            }
            harness.processWatermark(119_999);
            List<String> emitted = results().stream()
                    .map(row -> row.genre() + "@" + row.windowStart())
                    .toList();
            rows.addAll(emitted);
            int newSubtask = subtask;
            oldSubtaskOfKey.forEach((genre, oldSubtask) -> assertThat(emitted)
                    .as(genre + " of old subtask " + oldSubtask + ", now subtask " + newSubtask)
                    .filteredOn(row -> row.startsWith(genre + "@"))
                    .isEqualTo(oldSubtask == 0 ? List.of(genre + "@0", genre + "@60000") : List.of()));
            keysOfTheSecond += (int)
                    oldSubtaskOfKey.values().stream().filter(old -> old == 1).count();
            refused += (int) ((Counter) windowMetrics.get(EmittedWindows.METRIC)).getCount();
            harness.close();
        }
        assertThat(keysOfTheSecond)
                .as("new subtasks 1 and 2 hold keys of the second old subtask")
                .isPositive();
        assertThat(refused).as("both windows of its keys").isEqualTo(2 * keysOfTheSecond);
        assertThat(rows)
                .as("the first old subtask's open window, fired once after the rescale")
                .filteredOn(row -> row.startsWith("anchor-"))
                .containsExactly(keyOfSubtask(0, 2, "anchor-") + "@60000");
        harness = newHarness();
        harness.open();
    }

    private static String keyOfSubtask(int subtask, int parallelism, String prefix) {
        for (int i = 0; ; i++) {
            int group = org.apache.flink.runtime.state.KeyGroupRangeAssignment.assignToKeyGroup(prefix + i, 128);
            if (org.apache.flink.runtime.state.KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(
                            128, parallelism, group)
                    == subtask) {
                return prefix + i;
            }
        }
    }

    @Test
    void theGuardKeepsAKeyForItsRetentionAfterItsLastRowAndNoLonger() throws Exception {
        // a window a drain fired (no watermark passed it): the key remembers it, for
        // window.guard-retention (1h, the harness's), what bounds the keys the guard holds
        harness.setStateTtlProcessingTime(0);
        send(track("a", "pop", 10, 5));
        harness.processWatermark(Long.MAX_VALUE);
        assertEquals(1, results().size());

        // resumed 59 minutes later: a record reopening the drained window is refused
        snapshotAndRestore();
        harness.setStateTtlProcessingTime(59 * 60_000);
        send(track("reopens-59-min-later", "pop", 99, 30));
        harness.processWatermark(59_999);
        assertEquals(List.of(), results(), "refused 59 minutes after the key's last row");

        // an hour after its last row the key is forgotten (its state is gone). Here the refusal above fired
        // the window at a watermark, which the next snapshot keeps; a snapshot without it (of an earlier
        // version) shows what the key alone holds: nothing, and only the gates stand between such a record
        // and its window then (OnTimeGateTest)
        snapshotAndRestoreAsBefore20261203();
        harness.setStateTtlProcessingTime(61 * 60_000);
        send(track("reopens-61-min-later", "pop", 99, 30));
        harness.processWatermark(59_999);
        assertEquals(1, results().size(), "the guard holds no key for longer than its retention");
    }

    @Test
    void aSnapshotOfAnEarlierVersionStillHasItsKeysRefuseTheirWindows() throws Exception {
        // before 2026-12-03 snapshots held no watermark, only the keys' last windows; the drain writes
        // those the same way today
        send(track("a", "pop", 10, 5));
        harness.processWatermark(Long.MAX_VALUE);
        assertEquals(1, results().size());

        snapshotAndRestoreAsBefore20261203();
        send(track("reopens", "pop", 99, 30));
        send(track("new-key", "rock", 99, 30));
        harness.processWatermark(59_999);
        assertEquals(List.of("rock"), results().stream().map(GenreStats::genre).toList());
    }

    @Test
    void aBurstOfOneOffKeysLeavesNoStateOnceItsWindowFired() throws Exception {
        // a key per record (here genres; artists and words alike), which any producer can send: until
        // 2026-12-03 the guard kept each for window.guard-retention (a day) after its row
        for (int g = 0; g < 1_000; g++) {
            send(track("burst-" + g, "one-off-" + g, 10, 5));
        }
        harness.processWatermark(59_999);
        assertEquals(1_000, results().size());
        assertThat(harness.keyedStateEntries())
                .as("keyed state left after the window fired")
                .isZero();
    }

    @Test
    void keysADrainRememberedArePastTheirRetentionLeftOutOfSnapshotsSoARestoreFreesThem() throws Exception {
        // a drain fires windows no watermark passed: each key remembers its own, for window.guard-retention
        // (1h here); on the heap an expired key is only dropped as the state is accessed
        harness.setStateTtlProcessingTime(0);
        for (int g = 0; g < 1_000; g++) {
            send(track("burst-" + g, "one-off-" + g, 10, 5));
        }
        harness.processWatermark(Long.MAX_VALUE);
        assertEquals(1_000, results().size());
        int afterTheDrain = harness.keyedStateEntries();
        assertTrue(afterTheDrain >= 1_000, "the guard holds a key per genre: " + afterTheDrain);

        // resumed past their retention: the first window fired reads the guard, whose snapshot then
        // leaves the expired keys out
        snapshotAndRestore();
        harness.setStateTtlProcessingTime(61 * 60_000);
        assertTrue(harness.keyedStateEntries() >= 1_000, "restored: " + harness.keyedStateEntries());
        send(track("quiet", "pop", 10, 65));
        harness.processWatermark(119_999);
        snapshotAndRestore();
        assertThat(harness.keyedStateEntries())
                .as("the snapshot taken past their retention left them out")
                .isZero();
    }

    @Test
    void aWindowAheadOfTheClockThatADrainEmittedHoldsBackNoEarlierWindowAfterTheResume() throws Exception {
        long thisMinute = System.currentTimeMillis() / 60_000 * 60;
        long halfAnHourAhead = thisMinute + 30 * 60 + 5; // within limits.event-time.max-ahead
        send(track("ahead", "pop", 10, halfAnHourAhead));
        harness.processWatermark(Long.MAX_VALUE); // the drain fires every window
        assertEquals(1, results().size());
        // resumed, the gate lets through the windows after the drain's latest on-time record
        snapshotAndRestore();
        send(track("last-minute", "pop", 20, thisMinute - 59));
        send(track("in-ten-minutes", "pop", 30, thisMinute + 10 * 60));
        send(track("ahead-again", "pop", 40, halfAnHourAhead));
        harness.processWatermark(Long.MAX_VALUE);
        assertEquals(
                List.of((thisMinute - 60) * 1000, (thisMinute + 10 * 60) * 1000),
                results().stream().map(GenreStats::windowStart).toList(),
                "the windows before the one the drain emitted are emitted; that one is not emitted twice");
    }

    @Test
    void windowStateSurvivesASnapshotAndRestore() throws Exception {
        send(track("a", "pop", 10, 5));
        snapshotAndRestore();
        send(track("b", "pop", 30, 10));
        harness.processWatermark(59_999);
        List<GenreStats> rows = results();
        assertEquals(1, rows.size());
        assertEquals(2, rows.get(0).trackCount(), "the track before the snapshot is still counted");
        assertTrue(rows.get(0).popularityAvg() == 20.0);
    }
}
