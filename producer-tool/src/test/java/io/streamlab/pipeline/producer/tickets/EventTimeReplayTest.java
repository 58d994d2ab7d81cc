package io.streamlab.pipeline.producer.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.producer.Console;
import io.streamlab.pipeline.producer.StopSignal;
import io.streamlab.pipeline.producer.publish.OutgoingRecord;
import io.streamlab.pipeline.producer.publish.Rejects;
import io.streamlab.pipeline.producer.publish.Row;
import io.streamlab.pipeline.producer.publish.RowReader;
import io.streamlab.pipeline.producer.publish.RowToRecord;
import io.streamlab.pipeline.producer.publish.SourcePosition;
import io.streamlab.pipeline.records.InvalidRecordException;
import io.streamlab.pipeline.records.RejectCategory;
import io.streamlab.pipeline.records.Ticket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A replay in event-time order, optionally paced by event time. */
class EventTimeReplayTest {
    static final long T0 = Instant.parse("2024-05-01T00:00:00Z").toEpochMilli();

    static Ticket ticket(String id, long offsetSeconds) {
        long millis = T0 + offsetSeconds * 1000;
        return new Ticket(
                id, "C", Instant.ofEpochMilli(millis).toString(), "incident", "low", null, null, null, millis, -1, -1L);
    }

    static RowReader<Ticket> rows(List<Row<Ticket>> rows) {
        Iterator<Row<Ticket>> it = rows.iterator();
        return new RowReader<>() {
            @Override
            public Row<Ticket> next() {
                return it.hasNext() ? it.next() : null;
            }

            @Override
            public double progress() {
                return Double.NaN;
            }

            @Override
            public void close() {}
        };
    }

    static List<String> ids(EventTimeReplay replay) throws IOException {
        List<String> ids = new ArrayList<>();
        for (OutgoingRecord r = replay.next(); r != null; r = replay.next()) {
            ids.add(r.key());
        }
        return ids;
    }

    @Test
    void ticketsComeInCreatedAtOrderAndTiesKeepTheFileOrder() throws Exception {
        EventTimeReplay replay = EventTimeReplay.of(
                rows(List.of(
                        new Row.Valid<>(1, ticket("c", 300)), new Row.Valid<>(2, ticket("a", 10)),
                        new Row.Invalid<>(3, "missing required field 'type'"), new Row.Valid<>(4, ticket("b1", 60)),
                        new Row.Valid<>(5, ticket("b2", 60)), new Row.Valid<>(6, ticket("a0", -3600)))),
                Rejects.silent(),
                TicketsCommand::record,
                0,
                new StopSignal());
        assertThat(ids(replay)).containsExactly("a0", "a", "b1", "b2", "c");
        assertThat(replay.progress()).isEqualTo(1.0);
    }

    @Test
    void aReplayLargerThanItsSortMemoryIsSortedOnDiskInTheSameOrder(@TempDir Path temp) throws Exception {
        List<Row<Ticket>> rows = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            rows.add(new Row.Valid<>(i + 1, ticket("t" + i, (i * 7919L) % 600)));
        }
        List<String> inMemory =
                ids(EventTimeReplay.of(rows(rows), Rejects.silent(), TicketsCommand::record, 0, new StopSignal()));
        try (EventTimeReplay onDisk = EventTimeReplay.of(
                rows(rows), Rejects.silent(), TicketsCommand::record, 0, new StopSignal(), 20_000, temp)) {
            try (Stream<Path> runs = Files.list(temp)) {
                assertThat(runs).hasSize(1); // the run directory
            }
            assertThat(ids(onDisk)).hasSize(2_000).isEqualTo(inMemory);
            assertThat(onDisk.progress()).isEqualTo(1.0);
        }
        try (Stream<Path> left = Files.list(temp)) {
            assertThat(left).as("the runs are deleted with the replay").isEmpty();
        }
    }

    @Test
    void aStopWhileTheFileIsSortedEndsTheReadAndDeletesTheRuns(@TempDir Path temp) {
        List<Row<Ticket>> rows = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            rows.add(new Row.Valid<>(i + 1, ticket("t" + i, i)));
        }
        StopSignal stop = new StopSignal();
        stop.request();
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        EventTimeReplay.of(rows(rows), Rejects.silent(), TicketsCommand::record, 0, stop, 2_000, temp))
                .isInstanceOf(InterruptedException.class)
                .hasMessageContaining("nothing was published");
        assertThat(temp.toFile().list())
                .as("the runs written before the stop are deleted")
                .isEmpty();
    }

    /**
     * Invalid rows take their place in time order and are reported when the replay reaches it: a row the job
     * would refuse by its created_at, a row that is no ticket before every ticket. A resumed replay reports
     * and counts only those after its position, as a resume in file order does.
     */
    @Test
    void aResumedReplayNeitherReportsNorCountsTheInvalidRowsBeforeItsPosition() throws Exception {
        List<Row<Ticket>> rows = List.of(
                new Row.Valid<>(1, ticket("c", 300)),
                new Row.Invalid<>(2, "field 'priority' is not one of low, medium, high, critical: 'urgent'"),
                new Row.Valid<>(3, ticket("a", 10)),
                new Row.Valid<>(4, ticket("refused-at-200", 200)),
                new Row.Valid<>(5, ticket("b", 60)),
                new Row.Valid<>(6, ticket("refused-at-400", 400)),
                new Row.Valid<>(7, ticket("d", 500)));
        RowToRecord<Ticket> refusingSome = t -> {
            if (t.ticketId().startsWith("refused")) {
                throw new InvalidRecordException(RejectCategory.OUT_OF_RANGE, "refused as the job would");
            }
            return TicketsCommand.record(t);
        };

        ByteArrayOutputStream reported = new ByteArrayOutputStream();
        Rejects fromTheStart = rejectsPrintedTo(reported);
        try (EventTimeReplay replay = EventTimeReplay.of(rows(rows), fromTheStart, refusingSome, 0, new StopSignal())) {
            assertThat(fromTheStart.count())
                    .as("nothing reported before the replay reaches it")
                    .isZero();
            assertThat(ids(replay)).containsExactly("a", "b", "c", "d");
        }
        assertThat(fromTheStart.count()).isEqualTo(3);
        assertThat(reported.toString(StandardCharsets.UTF_8))
                .containsSubsequence("line 2: field 'priority'", "line 4: refused", "line 6: refused");

        // the last record committed was "c" (created_at T0 + 300 s, row 1): rows 2 and 4 come before it
        ByteArrayOutputStream reportedAgain = new ByteArrayOutputStream();
        Rejects resumed = rejectsPrintedTo(reportedAgain);
        try (EventTimeReplay replay = EventTimeReplay.of(rows(rows), resumed, refusingSome, 0, new StopSignal())) {
            assertThat(replay.skipThrough(new SourcePosition(T0 + 300_000, 1), new StopSignal()))
                    .isTrue();
            assertThat(ids(replay)).containsExactly("d");
            assertThat(replay.progress()).isEqualTo(1.0);
        }
        assertThat(resumed.count())
                .as("only the invalid row after the position")
                .isEqualTo(1);
        assertThat(reportedAgain.toString(StandardCharsets.UTF_8))
                .contains("line 6: refused")
                .doesNotContain("line 2:")
                .doesNotContain("line 4:");
    }

    private static Rejects rejectsPrintedTo(ByteArrayOutputStream err) {
        return new Rejects(new Console(
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                false));
    }

    @Test
    void aPacedReplayTakesAtLeastTheHistoryDividedByTheSpeed() throws Exception {
        // 3 minutes of history at 600x: 300 ms at least
        EventTimeReplay replay = EventTimeReplay.of(
                rows(List.of(
                        new Row.Valid<>(1, ticket("a", 0)),
                        new Row.Valid<>(2, ticket("b", 60)),
                        new Row.Valid<>(3, ticket("c", 180)))),
                Rejects.silent(),
                TicketsCommand::record,
                600,
                new StopSignal());
        long start = System.nanoTime();
        assertThat(ids(replay)).containsExactly("a", "b", "c");
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(299);
    }

    @Test
    void aGapInTheHistoryLongerThanMaxGapIsShortenedToIt() throws Exception {
        // a day between two tickets at --speed 60 would be 24 minutes of waiting
        try (EventTimeReplay replay = EventTimeReplay.of(
                rows(List.of(new Row.Valid<>(1, ticket("a", 0)), new Row.Valid<>(2, ticket("b", 86_400)))),
                Rejects.silent(),
                TicketsCommand::record,
                60,
                new StopSignal())) {
            assertThat(replay.next().key()).isEqualTo("a");
            long due = replay.nanosUntilNextDue();
            assertThat(due)
                    .as("due in at most MAX_GAP")
                    .isLessThanOrEqualTo(EventTimeReplay.MAX_GAP.toNanos())
                    .isGreaterThan(EventTimeReplay.MAX_GAP.minusSeconds(5).toNanos());
        }
        // a gap shorter than it keeps its length at the speed: 10 minutes at 60x are 10 s
        try (EventTimeReplay replay = EventTimeReplay.of(
                rows(List.of(new Row.Valid<>(1, ticket("a", 0)), new Row.Valid<>(2, ticket("b", 600)))),
                Rejects.silent(),
                TicketsCommand::record,
                60,
                new StopSignal())) {
            replay.next();
            assertThat(replay.nanosUntilNextDue())
                    .isLessThanOrEqualTo(10_000_000_000L)
                    .isGreaterThan(5_000_000_000L);
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(20) // each gap would be waited for 30 s (MAX_GAP) if skipping paced
    void recordsSkippedOnAResumeAreNotWaitedFor() throws Exception {
        try (EventTimeReplay replay = EventTimeReplay.of(
                rows(List.of(
                        new Row.Valid<>(1, ticket("a", 0)),
                        new Row.Valid<>(2, ticket("b", 86_400)),
                        new Row.Valid<>(3, ticket("c", 2 * 86_400)))),
                Rejects.silent(),
                TicketsCommand::record,
                1,
                new StopSignal())) {
            assertThat(replay.paced()).isTrue();
            assertThat(replay.skipNext().key()).isEqualTo("a");
            assertThat(replay.skipNext().key()).isEqualTo("b");
            assertThat(replay.next().key())
                    .as("the pacing starts at the first record published")
                    .isEqualTo("c");
            assertThat(replay.next()).isNull();
            assertThat(replay.progress()).isEqualTo(1.0);
        }
    }

    @Test
    void aStopEndsTheWaitAndStillHandsOverTheRecord() throws Exception {
        StopSignal stop = new StopSignal();
        EventTimeReplay replay = EventTimeReplay.of(
                rows(List.of(new Row.Valid<>(1, ticket("a", 0)), new Row.Valid<>(2, ticket("b", 86_400)))),
                Rejects.silent(),
                TicketsCommand::record,
                1,
                stop);
        assertThat(replay.next().key()).isEqualTo("a");
        stop.request();
        assertThat(replay.next().key())
                .as("the publisher sees the stop before asking for more")
                .isEqualTo("b");
        assertThat(replay.next()).isNull();
    }
}
