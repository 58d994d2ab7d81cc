package io.streamlab.pipeline.producer.publish;

/**
 * One record ready to publish: its key (track_id, ticket_id), its JSON value and, for a record read from a
 * file, where it was read (null for a generated record).
 */
public record OutgoingRecord(String key, byte[] value, SourcePosition position) {
    public OutgoingRecord(String key, byte[] value) {
        this(key, value, null);
    }

    public OutgoingRecord at(SourcePosition where) {
        return new OutgoingRecord(key, value, where);
    }
}
