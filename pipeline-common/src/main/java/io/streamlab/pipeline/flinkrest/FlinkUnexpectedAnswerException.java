package io.streamlab.pipeline.flinkrest;

import java.io.IOException;

/**
 * Something answered at the REST address, but not as Flink's REST API does: a page of another server
 * (a proxy, a web server on that port), JSON without the fields Flink always sends. Treated like an
 * address where nothing answers: the address is probably wrong.
 */
public final class FlinkUnexpectedAnswerException extends IOException {
    private final String url;
    private final int status;

    FlinkUnexpectedAnswerException(String url, String what) {
        this(url, 200, what);
    }

    FlinkUnexpectedAnswerException(String url, int status, String what) {
        super("unexpected answer from " + url + ": " + what);
        this.url = url;
        this.status = status;
    }

    /** The HTTP status of the answer: a proxy's 502 page while the JobManager restarts is not the wrong address. */
    public int status() {
        return status;
    }

    /** The address asked, without user information and query. */
    public String url() {
        return url;
    }
}
