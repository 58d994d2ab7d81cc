package io.streamlab.pipeline.producer.publish;

import io.streamlab.pipeline.producer.StopSignal;
import java.io.IOException;

/**
 * A file is read to its end before any of it is published. A defect past the first rows (bytes that are
 * not UTF-8, a quote never closed, a JSON array that never ends) stopped the publish there with the rows
 * before it committed, and every re-run stopped at the same place: only a fixed file could go on, and a
 * fixed file is another dataset, published again from its first row beside the committed ones. Rows that
 * are merely invalid are not a defect of the file: they are rejected one by one, as when publishing.
 */
public final class WholeFileCheck {
    private WholeFileCheck() {}

    /**
     * Reads every row of {@code reader}, then closes it; a row the file cannot be read past, or a file of
     * no row, is refused. A
     * stop asked for meanwhile ends it, nothing published. Read from a {@link FileContent}, this is the read
     * that takes the content's SHA-256.
     */
    public static long readThrough(RowReader<?> reader, StopSignal stop)
            throws BadInputException, InterruptedException {
        long rows = 0;
        try (reader) {
            while (reader.next() != null) {
                if ((++rows & 1023) == 0 && stop.requested()) {
                    throw new InterruptedException(
                            "stopped while reading the file through before publishing it;" + " nothing was published");
                }
            }
        } catch (FileContent.FileChangedException | RowReader.UnusableFileException e) {
            throw new BadInputException(e.getMessage() + ". Nothing was published");
        } catch (IOException e) {
            throw new BadInputException(e.getMessage() + ". Nothing was published: the file cannot be read past"
                    + " that point, and publishing the rows before it would leave a part that only a changed file,"
                    + " another dataset, could complete");
        }
        if (rows == 0) {
            // a CSV header alone, an empty JSON lines file, []: not the file meant
            throw new BadInputException(
                    "the input holds no record, so nothing was published and nothing was recorded: is it the right file?");
        }
        return rows;
    }
}
