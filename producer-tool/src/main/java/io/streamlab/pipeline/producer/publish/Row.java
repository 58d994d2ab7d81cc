package io.streamlab.pipeline.producer.publish;

import io.streamlab.pipeline.config.PipelineConfig;

/** One row of an input file: a value to publish, or the reason it breaks the contract; with its line number. */
public sealed interface Row<T> {

    /** The line the row starts on (1 is the first line of the file). */
    long line();

    record Valid<T>(long line, T value) implements Row<T> {}

    record Invalid<T>(long line, String reason) implements Row<T> {}

    /** A row above {@code limits.file-row.max-bytes}: {@code size} of {@code unit} (bytes, or characters of a CSV). */
    static <T> Invalid<T> tooLong(long line, long size, String unit, int max) {
        return new Invalid<>(
                line,
                "is too long: " + size + " " + unit + ", above " + PipelineConfig.Limits.FILE_ROW_BYTES + " (" + max
                        + ")");
    }
}
