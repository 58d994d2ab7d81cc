package io.streamlab.pipeline.job.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.job.deadletters.DeadLetters;
import io.streamlab.pipeline.job.tickets.EnrichTickets;
import io.streamlab.pipeline.job.tickets.EnrichedTicketOrError;
import io.streamlab.pipeline.job.tickets.SourcedEnrichedTicket;
import io.streamlab.pipeline.job.tickets.TicketAnalytics;
import io.streamlab.pipeline.job.tickets.Tokenizer;
import io.streamlab.pipeline.job.tracks.TestTracks;
import io.streamlab.pipeline.job.tracks.TrackOrError;
import io.streamlab.pipeline.metrics.PipelineMetrics;
import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.EnrichedTicket;
import io.streamlab.pipeline.records.RejectCategory;
import io.streamlab.pipeline.records.Ticket;
import io.streamlab.pipeline.records.Track;
import java.util.List;
import java.util.Set;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one place lateness is decided, and what it remembers across a restore. */
class OnTimeGateTest {
    static final long MIN = 60_000;
    static final OutputTag<Track> ON_TIME =
            new OutputTag<>("on-time", org.apache.flink.api.common.typeinfo.TypeInformation.of(Track.class));

    private OneInputStreamOperatorTestHarness<TrackOrError, Track> harness;

    @AfterEach
    void tearDown() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    static OneInputStreamOperatorTestHarness<TrackOrError, Track> newHarness() throws Exception {
        return newHarness(null);
    }

    static OneInputStreamOperatorTestHarness<TrackOrError, Track> newHarness(OutputTag<Track> onTimeTag)
            throws Exception {
        return newHarness("spotify-tracks", MIN, onTimeTag);
    }

    static OneInputStreamOperatorTestHarness<TrackOrError, Track> newHarness(
            String topic, long windowSizeMillis, OutputTag<Track> onTimeTag) throws Exception {
        return new OneInputStreamOperatorTestHarness<>(
                new OnTimeGate<TrackOrError, Track>(topic, windowSizeMillis, PipelineMetrics.Input.TRACKS, onTimeTag));
    }

    /** Subtask {@code index} of two. */
    static OneInputStreamOperatorTestHarness<TrackOrError, Track> subtaskOfTwo(int index) throws Exception {
        return new OneInputStreamOperatorTestHarness<>(
                new OnTimeGate<TrackOrError, Track>("spotify-tracks", MIN, PipelineMetrics.Input.TRACKS, null),
                128,
                2,
                index);
    }

    static Track track(String id, long epochSeconds, long offset) {
        return TestTracks.sample()
                .trackId(id)
                .timestamp(epochSeconds)
                .sourcePartition(2)
                .sourceOffset(offset)
                .build();
    }

    private void send(Track t) throws Exception {
        harness.processElement(new StreamRecord<>(TrackOrError.of(t), t.eventTimeMillis()));
    }

    private List<String> passed() {
        return harness.extractOutputValues().stream().map(Track::trackId).toList();
    }

    private List<DeadLetter> deadLetters() {
        var out = harness.getSideOutput(DeadLetters.TAG);
        return out == null
                ? List.of()
                : out.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void invalidRecordsBecomeDeadLettersAndOnTimeOnesPass() throws Exception {
        harness = newHarness();
        harness.open();
        DeadLetter invalid =
                DeadLetter.of("spotify-tracks", 0, 7, RejectCategory.INVALID_JSON, "invalid JSON: x", "x", 0L);
        harness.processElement(new StreamRecord<>(TrackOrError.error(invalid), Long.MIN_VALUE));
        send(track("a", 5, 1));
        assertThat(passed()).containsExactly("a");
        assertThat(deadLetters()).containsExactly(invalid);
    }

    @Test
    void aRecordWhoseWindowWasEmittedIsOneLateDeadLetterAndStopsHere() throws Exception {
        harness = newHarness();
        harness.open();
        harness.processWatermark(new Watermark(MIN - 1)); // the window [0, 60s) is emitted downstream
        send(track("late", 59, 11));
        send(track("on-time", 60, 12));
        assertThat(passed()).containsExactly("on-time");
        assertThat(deadLetters()).singleElement().satisfies(dl -> {
            assertThat(dl.category()).isEqualTo("late");
            assertThat(dl.reason()).startsWith("late: event time 1970-01-01T00:00:59Z arrived after its window");
            assertThat(dl.sourceTopic()).isEqualTo("spotify-tracks");
            assertThat(dl.partition()).isEqualTo(2);
            assertThat(dl.offset()).isEqualTo(11);
            assertThat(dl.raw()).contains("\"track_id\":\"late\"");
        });
    }

    @Test
    void withAnOnTimeOutputEveryValidRecordGoesOnAndOnlyTheOnTimeOnesAreCopiedThere() throws Exception {
        harness = newHarness(ON_TIME);
        harness.open();
        harness.processWatermark(new Watermark(MIN - 1));
        DeadLetter invalid =
                DeadLetter.of("spotify-tracks", 0, 7, RejectCategory.INVALID_JSON, "invalid JSON: x", "x", 0L);
        harness.processElement(new StreamRecord<>(TrackOrError.error(invalid), Long.MIN_VALUE));
        send(track("late", 59, 11));
        send(track("on-time", 60, 12));

        assertThat(passed()).containsExactly("late", "on-time");
        assertThat(harness.getSideOutput(ON_TIME))
                .extracting(r -> r.getValue().trackId() + "@" + r.getTimestamp())
                .containsExactly("on-time@60000");
        assertThat(deadLetters()).extracting(DeadLetter::category).containsExactly("invalid-json", "late");
    }

    @Test
    void aLateTicketsDeadLetterHoldsTheTicketAsReadNotItsEnrichment() throws Exception {
        Ticket ticket = new Ticket(
                "T-late", "C1", "1970-01-01T00:00:59Z", "incident", "high", "Écran", "noir", "email", 59_000L, 1, 42L);
        EnrichedTicket enriched =
                EnrichTickets.enrich(ticket, PipelineConfig.defaults().routing(), new Tokenizer(3, 20), 0L);
        try (var gate =
                new OneInputStreamOperatorTestHarness<>(new OnTimeGate<EnrichedTicketOrError, SourcedEnrichedTicket>(
                        "client_tickets", MIN, PipelineMetrics.Input.TICKETS, TicketAnalytics.ON_TIME_TICKETS))) {
            gate.open();
            gate.processWatermark(new Watermark(MIN - 1));
            gate.processElement(
                    new StreamRecord<>(EnrichedTicketOrError.of(new SourcedEnrichedTicket(ticket, enriched)), 59_000L));

            assertThat(gate.extractOutputValues())
                    .extracting(t -> t.enriched().ticketId())
                    .containsExactly("T-late");
            assertThat(gate.getSideOutput(TicketAnalytics.ON_TIME_TICKETS)).isNullOrEmpty();
            DeadLetter dl = gate.getSideOutput(DeadLetters.TAG).poll().getValue();
            assertThat(dl.category()).isEqualTo("late");
            assertThat(dl.partition()).isEqualTo(1);
            assertThat(dl.offset()).isEqualTo(42);
            assertThat(dl.raw()).isEqualTo(DeadLetters.json(ticket));
        }
    }

    @Test
    void aRecordBehindTheWatermarkWhoseWindowIsStillOpenIsOnTime() throws Exception {
        harness = newHarness();
        harness.open();
        harness.processWatermark(new Watermark(MIN - 2));
        send(track("behind-but-open", 1, 1));
        assertThat(passed()).containsExactly("behind-but-open");
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void lateBeforeARestoreIsLateAfterIt() throws Exception {
        harness = newHarness();
        harness.open();
        harness.processWatermark(new Watermark(2 * MIN - 1));
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        // the sources start again from no watermark at all; the gate still knows where it was
        send(track("late", 100, 5));
        send(track("on-time", 120, 6));
        assertThat(passed()).containsExactly("on-time");
        assertThat(deadLetters()).extracting(DeadLetter::category).containsExactly("late");
    }

    @Test
    void aFreshStartRemembersNothingAndARescaleTakesTheHighestWatermark() {
        assertThat(OnTimeGate.restoredWatermark(List.of(), null, MIN, 0, 2)).isEqualTo(Long.MIN_VALUE);
        List<EventTimeProgress> two = List.of(new EventTimeProgress(0, 2, 5_000), new EventTimeProgress(1, 2, 9_000));
        assertThat(OnTimeGate.restoredWatermark(two, 20_000L, MIN, 0, 2)).isEqualTo(5_000);
        assertThat(OnTimeGate.restoredWatermark(two, 20_000L, MIN, 1, 2)).isEqualTo(9_000);
        // no window downstream can have passed the highest watermark of any subtask
        assertThat(OnTimeGate.restoredWatermark(two, 20_000L, MIN, 0, 3)).isEqualTo(9_000);
        assertThat(OnTimeGate.restoredWatermark(two, 20_000L, MIN, 0, 1)).isEqualTo(9_000);
    }

    @Test
    void theEndOfAnIdleInputAnnouncesActiveThenTheFinalWatermark() throws Exception {
        harness = newHarness();
        harness.open();
        harness.processWatermark(new Watermark(MIN - 1));
        harness.processWatermarkStatus(WatermarkStatus.IDLE);
        // Flink 2.2 drops the source's final watermark while the chain is idle: only the end of input arrives
        harness.endInput();
        assertThat(harness.getOutput())
                .containsExactly(
                        new Watermark(MIN - 1), WatermarkStatus.IDLE, WatermarkStatus.ACTIVE, Watermark.MAX_WATERMARK);
        // what the gate decides follows: nothing is on time after the end of event time
        send(track("after-the-end", 1_000_000, 7));
        assertThat(deadLetters()).extracting(DeadLetter::category).containsExactly("late");
    }

    @Test
    void theEndOfAnActiveInputForwardsTheFinalWatermarkOnce() throws Exception {
        harness = newHarness();
        harness.open();
        harness.processWatermark(new Watermark(MIN - 1));
        harness.endInput();
        assertThat(harness.getOutput()).containsExactly(new Watermark(MIN - 1), Watermark.MAX_WATERMARK);
        harness.close();

        harness = newHarness();
        harness.open();
        harness.processWatermark(Watermark.MAX_WATERMARK);
        harness.endInput();
        assertThat(harness.getOutput()).containsExactly(Watermark.MAX_WATERMARK);
    }

    @Test
    void aDrainedSnapshotClosesTheWindowsTheDrainFiredAndNoLaterOne() throws Exception {
        harness = newHarness();
        harness.open();
        send(track("window-1", 100, 1));
        send(track("window-2", 150, 2));
        harness.endInput();
        OperatorSubtaskState drained = harness.snapshot(1L, 1L);
        harness.close();

        harness = newHarness();
        harness.initializeState(drained);
        harness.open();
        // the drain fired windows 1 and 2 (event time 60-179 s); window 3 was never opened
        send(track("for-window-2", 170, 3));
        send(track("for-window-3", 185, 4));
        assertThat(passed()).containsExactly("for-window-3");
        assertThat(deadLetters()).extracting(DeadLetter::category).containsExactly("late");
    }

    @Test
    void aRecordFromTheFutureBeforeADrainDoesNotCloseTheComingWindowsAfterIt() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        harness = newHarness();
        harness.open();
        send(track("now", now - 120, 1));
        // within limits.event-time.max-ahead, an hour ahead: the drain fires its window too
        send(track("an-hour-ahead", now + 3_600, 2));
        harness.endInput();
        OperatorSubtaskState drained = harness.snapshot(1L, 1L);
        harness.close();

        harness = newHarness();
        harness.initializeState(drained);
        harness.open();
        // the windows between the drain and that hour were never emitted: their records are on time
        send(track("in-ten-minutes", now + 600, 3));
        send(track("before-the-drain", now - 180, 4));
        assertThat(passed()).containsExactly("in-ten-minutes");
        assertThat(deadLetters()).extracting(DeadLetter::category).containsExactly("late");
    }

    @Test
    void aDrainedSnapshotClosesTheLatestWindowOfAnySubtaskForAll() {
        List<EventTimeProgress> drained =
                List.of(new EventTimeProgress(0, 2, Long.MAX_VALUE), new EventTimeProgress(1, 2, Long.MAX_VALUE));
        // subtask 1 saw records up to 150 s, subtask 0 fewer: both close window 2 (120-179 s)
        assertThat(OnTimeGate.restoredWatermark(drained, 150_000L, MIN, 0, 2)).isEqualTo(3 * MIN - 1);
        assertThat(OnTimeGate.restoredWatermark(drained, 150_000L, MIN, 1, 2)).isEqualTo(3 * MIN - 1);
        assertThat(OnTimeGate.restoredWatermark(drained, 150_000L, MIN, 0, 3)).isEqualTo(3 * MIN - 1);
        // a drain before any record fired nothing; a drained snapshot of an older release keeps the end of time
        assertThat(OnTimeGate.restoredWatermark(drained, Long.MIN_VALUE, MIN, 0, 2))
                .isEqualTo(Long.MIN_VALUE);
        assertThat(OnTimeGate.restoredWatermark(drained, null, MIN, 0, 2)).isEqualTo(Long.MAX_VALUE);
    }

    /** The snapshot of a gate that let a record at 150 s through, drained or not. */
    private OperatorSubtaskState snapshotAfter150s(boolean drained) throws Exception {
        harness = newHarness();
        harness.open();
        send(track("at-150-s", 150, 1));
        harness.processWatermark(new Watermark(2 * MIN - 1));
        if (drained) {
            harness.endInput();
        }
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();
        return snapshot;
    }

    @Test
    void aSnapshotOfOtherWindowsIsRefusedWithoutRestartsAndNamesTheKey() throws Exception {
        OperatorSubtaskState snapshot = snapshotAfter150s(false);

        harness = newHarness("spotify-tracks", 30_000, null);
        assertThatThrownBy(() -> harness.initializeState(snapshot))
                .isInstanceOf(SuppressRestartsException.class)
                .rootCause()
                .hasMessageContaining("windows of 1min, and window.tracks.size is now 30s")
                .hasMessageContaining("Resume with window.tracks.size 1min, stop with a drain (ops stop --drain)");
        harness = null;

        // the same settings restore as before
        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        send(track("late", 100, 2));
        send(track("on-time", 125, 3));
        assertThat(passed()).containsExactly("on-time");
    }

    @Test
    void aSnapshotOfAnotherTopicIsRefusedWhateverTheWindows() throws Exception {
        OperatorSubtaskState drained = snapshotAfter150s(true);

        harness = newHarness("spotify-tracks-v2", MIN, null);
        assertThatThrownBy(() -> harness.initializeState(drained))
                .isInstanceOf(SuppressRestartsException.class)
                .rootCause()
                .hasMessageContaining("from topic 'spotify-tracks', and topic.tracks is now 'spotify-tracks-v2'");
        harness = null;
    }

    @Test
    void aDrainedSnapshotTakesANewWindowSizeAndClosesWhatTheDrainEmitted() throws Exception {
        // drained with 1 min windows at 150 s: the drain emitted window 120-179 s
        OperatorSubtaskState drained = snapshotAfter150s(true);
        harness = newHarness("spotify-tracks", 20_000, null);
        harness.initializeState(drained);
        harness.open();
        // smaller windows: the latest record's is 140-159 s, but 160-179 s is inside the minute the drain
        // emitted, and a row for it would be refused by the keys' guard, or overlap that minute's row
        send(track("in-the-drained-minute", 165, 2));
        send(track("after-it", 180, 3));
        assertThat(passed()).containsExactly("after-it");
        harness.close();

        // larger windows: the 5-minute window 0-299 s was never emitted, so it takes what comes after the
        // drain (also a record dated in the drained minute, which arrived after that minute's row), instead of
        // every record up to 300 s becoming late; its row overlaps the time of the minutes emitted before
        harness = newHarness("spotify-tracks", 5 * MIN, null);
        harness.initializeState(drained);
        harness.open();
        send(track("dated-in-the-drained-minute", 175, 2));
        send(track("after-it", 200, 3));
        send(track("next-5-min-window", 300, 4));
        assertThat(passed()).containsExactly("dated-in-the-drained-minute", "after-it", "next-5-min-window");
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void aSubtaskIdleAtTheSnapshotRestoresAtLeastTheWatermarkOfTheActiveOnes() throws Exception {
        // subtask 0 read up to 150 s and closed the windows up to 119 s; subtask 1's partition was idle
        // since its start, so it never had a watermark: the windows downstream left it out
        var active = subtaskOfTwo(0);
        active.open();
        active.processElement(new StreamRecord<>(TrackOrError.of(track("at-150-s", 150, 1)), 150_000));
        active.processWatermark(new Watermark(2 * MIN - 1));
        OperatorSubtaskState activeState = active.snapshot(1L, 1L);
        active.close();
        var idle = subtaskOfTwo(1);
        idle.open();
        idle.processWatermarkStatus(WatermarkStatus.IDLE);
        OperatorSubtaskState idleState = idle.snapshot(1L, 1L);
        idle.close();

        harness = subtaskOfTwo(1);
        harness.initializeState(AbstractStreamOperatorTestHarness.repackageState(activeState, idleState));
        harness.open();
        // its partition's first records after the restore: a window already emitted, then an open one
        send(track("for-an-emitted-window", 100, 2));
        send(track("for-an-open-window", 130, 3));
        assertThat(passed()).containsExactly("for-an-open-window");
        assertThat(deadLetters()).extracting(DeadLetter::category).containsExactly("late");
    }

    @Test
    void theFloorOfTheActiveIsTheirLowestWatermarkAndNothingOnARescale() {
        List<EventTimeProgress> three = List.of(
                new EventTimeProgress(0, 3, 5_000), new EventTimeProgress(1, 3, 9_000), new EventTimeProgress(2, 3, 1));
        assertThat(OnTimeGate.floorOfTheActive(three, Set.of(2), 3)).isEqualTo(5_000);
        assertThat(OnTimeGate.floorOfTheActive(three, Set.of(0, 1, 2), 3)).isEqualTo(Long.MIN_VALUE);
        assertThat(OnTimeGate.floorOfTheActive(three, Set.of(2), 2)).isEqualTo(Long.MIN_VALUE);
    }
}
