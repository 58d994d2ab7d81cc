package io.streamlab.pipeline.producer.publish;

import io.streamlab.pipeline.config.PipelineConfig;
import java.time.Instant;
import java.util.Optional;

/**
 * An explicit {@code --start-time} of generated records, checked against the event times the job accepts
 * ({@code limits.event-time.min} to {@code limits.event-time.max-ahead} ahead of the clock): records
 * outside them would only become implausible-event-time dead letters, and a start far enough away
 * overflowed while the records were made.
 */
public final class PlausibleStart {
    private PlausibleStart() {}

    /**
     * Why {@code start} is refused, as a usage error naming the flag and the range, or empty when it is in
     * the range.
     *
     * @param earliest the earliest start whose records all have an event time the job accepts
     * @param latest   the latest such start; before {@code earliest} when no start fits
     * @param records  what follows the start, for the message: "3 tickets 200 ms apart, up to 4 s of jitter"
     */
    public static Optional<String> problem(Instant start, Instant earliest, Instant latest, String records) {
        String accepted = "the event times the job accepts (from " + PipelineConfig.Limits.EVENT_TIME_MIN + " to "
                + PipelineConfig.Limits.EVENT_TIME_AHEAD + " ahead of now)";
        if (latest.isBefore(earliest)) {
            return Optional.of("no --start-time fits " + records + ": they span more than " + accepted);
        }
        if (start.isBefore(earliest) || start.isAfter(latest)) {
            return Optional.of("invalid value '" + start + "' for --start-time: expected an instant from " + earliest
                    + " to " + latest + ", so that " + records + " stay within " + accepted);
        }
        return Optional.empty();
    }
}
