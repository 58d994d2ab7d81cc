package io.streamlab.pipeline.producer.publish;

/** An input file that cannot be read as a whole (no header, a required column missing): exit code 2. */
public final class BadInputException extends Exception {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message, null, false, false);
    }
}
