package io.streamlab.pipeline.producer;

/**
 * A stop asked for (Ctrl+C, SIGTERM) before a command began its work, while it waited for Kafka: the tool
 * prints the message and exits 130, as any stop does.
 */
public final class StoppedBeforeStart extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoppedBeforeStart(String message) {
        super(message, null, false, false);
    }
}
