package io.streamlab.pipeline.flinkrest;

import java.io.IOException;
import java.net.URI;

/** Nothing answered at the REST address: the cluster is down, still starting, or the address is wrong. */
public final class FlinkUnreachableException extends IOException {
    private final URI address;

    public FlinkUnreachableException(URI address, IOException cause) {
        super("cannot reach Flink at " + display(address), cause);
        this.address = address;
    }

    public URI address() {
        return address;
    }

    /** The address without user information, which could hold a password. */
    static String display(URI address) {
        // nor its query: a token there would be shown (and is not sent: requests resolve paths against it)
        String s = address.toString().replaceFirst("[?#].*$", "").replaceAll("/$", "");
        return address.getRawUserInfo() == null ? s : s.replace(address.getRawUserInfo() + "@", "");
    }
}
