package io.streamlab.pipeline.job.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.job.tracks.TestTracks;
import io.streamlab.pipeline.job.tracks.TrackOrError;
import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.RejectCategory;
import io.streamlab.pipeline.records.Track;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.ManualClock;
import org.junit.jupiter.api.Test;

/** A partition's event time: no dead letter and no record from the future can stall or skew it. */
class SourceWatermarksTest {
    private static final Duration DELAY = Duration.ofSeconds(5);
    private static final Duration IDLENESS = Duration.ofSeconds(30);
    /** 2026-06-01T00:00:00Z: the wall clock of the tests. */
    private static final long NOW = 1_780_272_000_000L;

    private final ManualClock activity = new ManualClock();
    private final ManualClock wallClock = new ManualClock(NOW * 1_000_000);
    private final WatermarkGenerator<TrackOrError> generator =
            SourceWatermarks.<Track, TrackOrError>generator(DELAY, IDLENESS, activity, wallClock);
    private final TimestampAssigner<TrackOrError> timestamps =
            new SourceWatermarks<Track, TrackOrError>(DELAY, IDLENESS).createTimestampAssigner(null);
    private final Output output = new Output();

    private static TrackOrError track(long eventTimeMillis) {
        return TrackOrError.of(
                TestTracks.sample().timestamp(eventTimeMillis / 1000).build());
    }

    private static TrackOrError deadLetter() {
        return TrackOrError.error(
                DeadLetter.of("spotify-tracks", 0, 1, RejectCategory.INVALID_JSON, "invalid JSON", "{", NOW));
    }

    private void read(TrackOrError e) {
        generator.onEvent(e, timestamps.extractTimestamp(e, -1), output);
    }

    /** The periodic emit after {@code elapsed} of the input activity clock. */
    private void tick(Duration elapsed) {
        activity.advanceTime(elapsed);
        generator.onPeriodicEmit(output);
    }

    @Test
    void validRecordsMoveTheWatermarkToTheirEventTimeLessTheDelay() {
        read(track(NOW - 60_000));
        tick(Duration.ofMillis(200));
        assertThat(output.watermark).isEqualTo(NOW - 60_000 - DELAY.toMillis() - 1);
        assertThat(output.idle).isFalse();
    }

    @Test
    void aPartitionOfOnlyDeadLettersGoesIdleInsteadOfHoldingEventTimeBack() {
        read(track(NOW - 60_000));
        tick(Duration.ofMillis(200));
        long before = output.watermark;
        // a broken producer: nothing but garbage on this partition from now on
        for (int i = 0; i < 40; i++) {
            read(deadLetter());
            tick(Duration.ofSeconds(1));
        }
        assertThat(output.watermark).as("a dead letter has no event time").isEqualTo(before);
        assertThat(output.idle)
                .as("after the idleness timeout of dead letters only, the partition no longer holds the windows back")
                .isTrue();

        read(track(NOW - 50_000));
        tick(Duration.ofMillis(200));
        assertThat(output.idle).as("a valid record makes it active again").isFalse();
        assertThat(output.watermark).isEqualTo(NOW - 50_000 - DELAY.toMillis() - 1);
    }

    @Test
    void aTrickleOfOldValidRecordsIsNoSignOfLifeAndThePartitionGoesIdle() {
        read(track(NOW - 60_000));
        tick(Duration.ofMillis(200));
        long before = output.watermark;
        // a valid track dated 2000-01-01 every 20 s, less than the idleness timeout: before, the partition
        // stayed active with its watermark held there, and no window of the input was emitted
        for (int i = 0; i < 80; i++) {
            if (i % 20 == 0) {
                read(track(946_684_801_000L));
            }
            tick(Duration.ofSeconds(1));
        }
        assertThat(output.watermark).isEqualTo(before);
        assertThat(output.idle)
                .as("no record moved its event time on for the idleness timeout")
                .isTrue();

        // copies of its latest record and records within the delay behind it are life: the same second at
        // a live rate, for longer than the idleness timeout, is a partition that delivers
        read(track(NOW - 50_000));
        tick(Duration.ofMillis(200));
        assertThat(output.idle).isFalse();
        for (int i = 0; i < 40; i++) {
            read(track(NOW - 50_000 - (i % 3) * 1000));
            tick(Duration.ofSeconds(1));
        }
        assertThat(output.idle).isFalse();

        read(track(NOW - 40_000));
        tick(Duration.ofMillis(200));
        assertThat(output.idle)
                .as("a record that moves event time on makes it active again")
                .isFalse();
        assertThat(output.watermark).isEqualTo(NOW - 40_000 - DELAY.toMillis() - 1);
    }

    @Test
    void aRecordFromTheFutureKeepsItsTimestampButMovesTheWatermarkOnlyToNow() {
        TrackOrError future = track(NOW + Duration.ofMinutes(59).toMillis());
        assertThat(timestamps.extractTimestamp(future, -1))
                .as("it still counts in its own window")
                .isEqualTo(NOW + Duration.ofMinutes(59).toMillis());
        read(future);
        tick(Duration.ofMillis(200));
        assertThat(output.watermark)
                .as("the windows of the coming hour stay open for the partition's normal records")
                .isEqualTo(NOW - DELAY.toMillis() - 1);

        wallClock.advanceTime(Duration.ofMinutes(10));
        read(track(NOW + Duration.ofMinutes(9).toMillis()));
        tick(Duration.ofMillis(200));
        assertThat(output.watermark)
                .as("event time follows the records as the wall clock catches up")
                .isEqualTo(NOW + Duration.ofMinutes(9).toMillis() - DELAY.toMillis() - 1);
    }

    @Test
    void aRecordFromTheFutureReadFromABacklogMovesTheWatermarkOnlyToWhenTheBrokerTookIt() {
        // the job is two hours behind: the backlog holds tracks written two hours ago, one of them dated an
        // hour ahead of when it was written
        long written = NOW - Duration.ofHours(2).toMillis();
        readFromKafka(track(written), written);
        readFromKafka(track(written + Duration.ofHours(1).toMillis()), written + 1000);
        tick(Duration.ofMillis(200));
        // before: as far as the wall clock, NOW, and the rest of the backlog was late
        assertThat(output.watermark).isEqualTo(written + 1000 - DELAY.toMillis() - 1);

        readFromKafka(track(written + 2000), written + 2000);
        tick(Duration.ofMillis(200));
        assertThat(output.watermark).isEqualTo(written + 2000 - DELAY.toMillis() - 1);
    }

    private void readFromKafka(TrackOrError e, long kafkaTimestamp) {
        TrackOrError read = TrackOrError.of(e.track(), kafkaTimestamp);
        generator.onEvent(read, timestamps.extractTimestamp(read, kafkaTimestamp), output);
    }

    @Test
    void deadLettersGetTheSmallestTimestampSoNoWindowTakesThem() {
        assertThat(timestamps.extractTimestamp(deadLetter(), 123L)).isEqualTo(Long.MIN_VALUE);
    }

    /** What a source output keeps of a split's watermark: the latest one, and whether it is idle. */
    private static final class Output implements WatermarkOutput {
        long watermark = Long.MIN_VALUE;
        boolean idle;

        @Override
        public void emitWatermark(Watermark mark) {
            watermark = Math.max(watermark, mark.getTimestamp());
            idle = false;
        }

        @Override
        public void markIdle() {
            idle = true;
        }

        @Override
        public void markActive() {
            idle = false;
        }
    }
}
