package io.streamlab.pipeline.job.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.DateTimeBucketAssigner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The day folders are those Flink's {@code DateTimeBucketAssigner("'dt='yyyy-MM-dd")} gave (the part files
 * of earlier releases, and of the savepoints they took, live in them), in zones whose days are not 24 h
 * long: daylight saving time, a change at midnight (São Paulo until 2019, where a day started at 01:00),
 * half-hour shifts (Lord Howe) and a skipped day (Apia, 2011-12-30).
 */
class ProcessingDayBucketsTest {
    private static final Instant FROM = Instant.parse("2005-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2040-01-01T00:00:00Z");

    @ParameterizedTest
    @ValueSource(strings = {"UTC", "Europe/Paris", "America/Sao_Paulo", "Australia/Lord_Howe", "Pacific/Apia"})
    void givesTheBucketOfFlinksDateTimeAssignerAtEveryDayBoundaryAndTransition(String zoneName) {
        ZoneId zone = ZoneId.of(zoneName);
        DateTimeBucketAssigner<Object> flink = new DateTimeBucketAssigner<>("'dt='yyyy-MM-dd", zone);
        ProcessingDayBuckets<Object> days = new ProcessingDayBuckets<>(zone);

        List<Long> times = new ArrayList<>();
        // the millisecond before, at and after every midnight and every offset change
        // (a day skipped by its zone starts where the next one does)
        for (LocalDate day = FROM.atZone(zone).toLocalDate();
                !day.isAfter(TO.atZone(zone).toLocalDate());
                day = day.plusDays(1)) {
            long midnight = day.atStartOfDay(zone).toInstant().toEpochMilli();
            times.addAll(List.of(midnight - 1, midnight, midnight + 1));
        }
        ZoneOffsetTransition transition = zone.getRules().nextTransition(FROM);
        while (transition != null && transition.getInstant().isBefore(TO)) {
            long at = transition.getInstant().toEpochMilli();
            times.addAll(List.of(at - 1, at, at + 1));
            transition = zone.getRules().nextTransition(transition.getInstant());
        }
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            times.add(FROM.toEpochMilli() + (long) (random.nextDouble() * (TO.toEpochMilli() - FROM.toEpochMilli())));
        }

        // in order (the cached day is reused) and shuffled (it is replaced back and forth)
        for (long time : times) {
            assertThat(days.bucketOf(time))
                    .as("%s in %s", Instant.ofEpochMilli(time), zone)
                    .isEqualTo(bucket(flink, time));
        }
        java.util.Collections.shuffle(times, random);
        for (long time : times) {
            assertThat(days.bucketOf(time))
                    .as("%s in %s", Instant.ofEpochMilli(time), zone)
                    .isEqualTo(bucket(flink, time));
        }
    }

    private static String bucket(DateTimeBucketAssigner<Object> flink, long processingTime) {
        return flink.getBucketId(null, new BucketAssigner.Context() {
            @Override
            public long currentProcessingTime() {
                return processingTime;
            }

            @Override
            public long currentWatermark() {
                return Long.MIN_VALUE;
            }

            @Override
            public Long timestamp() {
                return null;
            }
        });
    }
}
