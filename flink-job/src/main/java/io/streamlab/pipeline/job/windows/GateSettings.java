package io.streamlab.pipeline.job.windows;

/**
 * What an {@link OnTimeGate}'s snapshot was taken with: its source topic and the size of the windows it
 * judged lateness for. A restore under other settings is refused ({@link OnTimeGate}). A record type Flink
 * serialises as a POJO.
 */
public record GateSettings(String topic, long windowSizeMillis) {}
