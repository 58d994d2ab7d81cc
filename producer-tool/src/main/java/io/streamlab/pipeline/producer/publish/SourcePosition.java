package io.streamlab.pipeline.producer.publish;

/**
 * Where a record was read, in the order its input yields records: a resumed publish skips every record
 * at or before the position of the last one committed, and every invalid row there without reporting it. Unlike a count of the records published, it
 * does not depend on which rows were valid: a re-run whose limits or clock judge a row of the file
 * differently neither publishes a committed record again nor skips one that was never published.
 *
 * @param major the row's number in its file (1 for the first row), or the event time of a replay in
 *              time order (for an invalid row without one, {@link Long#MIN_VALUE}: before every record)
 * @param minor 0, or the row's number in a replay in time order (records of one time leave in file order)
 */
public record SourcePosition(long major, long minor) implements Comparable<SourcePosition> {
    /** The {@code row}-th row of a file read in file order. */
    public static SourcePosition row(long row) {
        return new SourcePosition(row, 0);
    }

    @Override
    public int compareTo(SourcePosition o) {
        int byMajor = Long.compare(major, o.major);
        return byMajor != 0 ? byMajor : Long.compare(minor, o.minor);
    }
}
