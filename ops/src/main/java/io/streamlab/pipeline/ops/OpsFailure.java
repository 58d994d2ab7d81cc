package io.streamlab.pipeline.ops;

/** A command could not do what was asked; the message says why and what to do (exit code 1). */
public class OpsFailure extends RuntimeException {
    public OpsFailure(String message) {
        super(message);
    }
}
