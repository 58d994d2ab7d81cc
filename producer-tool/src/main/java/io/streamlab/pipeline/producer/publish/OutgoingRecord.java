package io.streamlab.pipeline.producer.publish;

/** One record ready to publish: its key (track_id, ticket_id) and its JSON value. */
public record OutgoingRecord(String key, byte[] value) {}
