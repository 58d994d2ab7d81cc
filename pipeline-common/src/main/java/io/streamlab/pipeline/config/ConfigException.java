package io.streamlab.pipeline.config;

/**
 * A configuration problem a person can fix: the message names the key, where its value came from and
 * what was expected. Command-line entry points print the message (no stack trace) and exit non-zero.
 */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
