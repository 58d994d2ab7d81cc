package io.streamlab.pipeline.producer.publish;

import io.streamlab.pipeline.records.InvalidRecordException;

/**
 * Turns a valid row of a file into the record to publish and checks that record as the job will read
 * it: a row's columns can pass every check of its own and still make a record the job refuses (a whole
 * field or the record above its bound, once written as JSON). Such a row is reported like any bad row.
 */
@FunctionalInterface
public interface RowToRecord<T> {
    OutgoingRecord apply(T value) throws InvalidRecordException;
}
