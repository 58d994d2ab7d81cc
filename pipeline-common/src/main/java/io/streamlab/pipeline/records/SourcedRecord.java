package io.streamlab.pipeline.records;

/** A record read from Kafka that knows where it was read and its event time, so it can become a dead letter. */
public interface SourcedRecord {
    int sourcePartition();

    long sourceOffset();

    long eventTimeMillis();

    /** What a dead letter of this record holds as its raw text (as JSON): the record read, not a wrapper of it. */
    default Object deadLetterPayload() {
        return this;
    }
}
