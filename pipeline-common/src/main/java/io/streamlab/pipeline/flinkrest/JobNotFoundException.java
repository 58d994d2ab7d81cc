package io.streamlab.pipeline.flinkrest;

/** The cluster does not know the job (HTTP 404 on {@code /jobs/:id}). */
public final class JobNotFoundException extends FlinkRestException {
    public JobNotFoundException(String request, String message) {
        super(request, 404, message);
    }
}
