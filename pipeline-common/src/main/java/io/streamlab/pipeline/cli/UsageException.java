package io.streamlab.pipeline.cli;

/**
 * A mistake on the command line (unknown flag, bad value, missing file): the tool prints the message
 * on one line, without a stack trace, and exits with code 2.
 */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message, null, false, false);
    }
}
