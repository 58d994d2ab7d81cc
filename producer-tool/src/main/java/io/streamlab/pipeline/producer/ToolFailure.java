package io.streamlab.pipeline.producer;

/**
 * A run that could not be done (Kafka unreachable, a port taken, sends failing after every retry):
 * the tool prints the message on one line, without a stack trace, and exits with code 1.
 */
public final class ToolFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ToolFailure(String message) {
        super(message, null, false, false);
    }
}
