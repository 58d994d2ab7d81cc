package io.streamlab.pipeline.kafka;

/**
 * Thrown by {@link EmbeddedKafkaBroker#start()} when a requested port is already bound.
 *
 * <p>A dedicated type so the CLI can print the message alone instead of a stack trace: a second
 * local broker, or a Docker Kafka on 9092, is the usual cause and the user only needs to know which
 * port and what to do about it.
 */
public final class PortInUseException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final int port;

    PortInUseException(int port, String message, Throwable cause) {
        super(message, cause);
        this.port = port;
    }

    /** The port that could not be bound. */
    public int port() {
        return port;
    }
}
