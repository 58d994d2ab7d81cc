package io.streamlab.pipeline.producer.publish;

import java.io.Closeable;
import java.io.IOException;

/** A file read one row at a time (the tracks CSV, a tickets replay). */
public interface RowReader<T> extends Closeable {

    /** The next row, or null at the end of the file. */
    Row<T> next() throws IOException;

    /** Share of the file read so far, 0 to 1 (NaN when unknown). */
    double progress();

    /** A file that reads, but not as the flags say it should (a name --map gives that it never holds). */
    final class UnusableFileException extends IOException {
        private static final long serialVersionUID = 1L;

        public UnusableFileException(String message) {
            super(message);
        }
    }
}
