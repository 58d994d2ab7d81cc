package io.streamlab.pipeline.producer.publish;

import io.streamlab.pipeline.producer.Console;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Invalid input rows: the first {@value #REPORTED_IN_FULL} are reported one line each (line number and
 * reason), the rest only counted; the count goes into the final summary. Never stops a run.
 */
public final class Rejects {
    public static final int REPORTED_IN_FULL = 20;

    /** Rejects that nobody prints (tests, benchmarks). */
    public static Rejects silent() {
        return new Rejects(null);
    }

    private final Console console;
    private final AtomicLong count = new AtomicLong();

    public Rejects(Console console) {
        this.console = console;
    }

    public void reject(long line, String reason) {
        long n = count.incrementAndGet();
        if (console == null) {
            return;
        }
        if (n <= REPORTED_IN_FULL) {
            console.warn("line " + line + ": " + reason + " (not published)");
        }
        if (n == REPORTED_IN_FULL) {
            console.warn("further invalid rows are only counted (see the summary)");
        }
    }

    public long count() {
        return count.get();
    }
}
