package io.streamlab.pipeline.job.windows;

import io.streamlab.pipeline.records.DeadLetter;

/** What a source emits after parsing: a valid record, or the dead letter of a record that was not one. */
public interface ParseResult<T> {
    /** The valid record, or null for a dead letter. */
    T value();

    DeadLetter deadLetter();
}
