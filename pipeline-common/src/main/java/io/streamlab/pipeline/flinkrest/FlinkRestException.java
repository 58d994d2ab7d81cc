package io.streamlab.pipeline.flinkrest;

import java.io.IOException;

/** Flink answered with an error: {@link #getMessage()} is Flink's own message, summarised. */
public class FlinkRestException extends IOException {
    private final String request;
    private final int status;

    public FlinkRestException(String request, int status, String message) {
        super(message);
        this.request = request;
        this.status = status;
    }

    /** The method and path of the request, e.g. {@code POST /jobs}. */
    public String request() {
        return request;
    }

    public int status() {
        return status;
    }
}
