package io.streamlab.pipeline.job.sinks;

import io.streamlab.pipeline.datasets.Dataset;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * The day folder of a row: {@code dt=yyyy-MM-dd} of the processing time in {@code zone}, the bucket ids
 * Flink's {@code DateTimeBucketAssigner("'dt='yyyy-MM-dd")} gives. That one formats a date for every row
 * (a twelfth of the {@code word_frequency} writer's time in the profile); this one formats it once a day
 * and compares the time with the day's bounds otherwise.
 */
final class ProcessingDayBuckets<T> implements BucketAssigner<T, String> {
    private static final long serialVersionUID = 1L;

    private final ZoneId zone;
    private transient long dayStartMillis = Long.MAX_VALUE;
    private transient long nextDayStartMillis = Long.MIN_VALUE;
    private transient String bucket;

    ProcessingDayBuckets(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public String getBucketId(T element, Context context) {
        return bucketOf(context.currentProcessingTime());
    }

    String bucketOf(long epochMillis) {
        if (epochMillis < dayStartMillis || epochMillis >= nextDayStartMillis) {
            LocalDate day = Instant.ofEpochMilli(epochMillis).atZone(zone).toLocalDate();
            // a day is not always 24 h (daylight saving time): its bounds come from the zone's rules
            dayStartMillis = day.atStartOfDay(zone).toInstant().toEpochMilli();
            nextDayStartMillis = day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
            bucket = Dataset.DAY_FOLDER_PREFIX + day;
        }
        return bucket;
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "ProcessingDayBuckets{dt=yyyy-MM-dd in " + zone + "}";
    }
}
