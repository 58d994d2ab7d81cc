package io.streamlab.pipeline.insights;

/**
 * Something about the output directory that a person must fix or wait for (missing folder, no committed
 * file yet, files from an older version of the job): the CLI prints the message alone, without a stack
 * trace.
 */
public final class InsightsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InsightsException(String message) {
        super(message, null, false, false);
    }
}
