package io.streamlab.pipeline.producer.publish;

/** One row of an input file: a value to publish, or the reason it breaks the contract; with its line number. */
public sealed interface Row<T> {

    /** The line the row starts on (1 is the first line of the file). */
    long line();

    record Valid<T>(long line, T value) implements Row<T> {}

    record Invalid<T>(long line, String reason) implements Row<T> {}
}
