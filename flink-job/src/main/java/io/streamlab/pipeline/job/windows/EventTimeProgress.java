package io.streamlab.pipeline.job.windows;

/**
 * The event time a subtask of an {@link OnTimeGate} had reached at a checkpoint: operator state, so that
 * a restored job judges lateness as the failed one did. A record type Flink serialises as a POJO.
 */
public record EventTimeProgress(int subtask, int parallelism, long watermark) {}
