package io.streamlab.pipeline.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.OptionalInt;

/** Ports a local run opens on the loopback interface: the web UI moves to the next free one. */
public final class LocalPorts {
    /** How many ports, from the configured one on, a local run tries before giving up. */
    public static final int TRIES = 20;

    private static final int HIGHEST = 65_535;

    private LocalPorts() {}

    /** True when nothing listens on {@code port} of the loopback interface. */
    public static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /**
     * {@code preferred} when it is free, else the first free port of the {@value #TRIES} from it on (never
     * past 65535); 0 picks any free port. Empty when none is free.
     */
    public static OptionalInt firstFreeFrom(int preferred) {
        if (preferred == 0) {
            try (ServerSocket any = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return OptionalInt.of(any.getLocalPort());
            } catch (IOException e) {
                return OptionalInt.empty();
            }
        }
        for (int port = preferred; port < preferred + TRIES && port <= HIGHEST; port++) {
            if (free(port)) {
                return OptionalInt.of(port);
            }
        }
        return OptionalInt.empty();
    }

    /** What to say when {@link #firstFreeFrom} found none, naming the key that sets the port. */
    public static String noneFree(int preferred, String key) {
        int last = Math.min(preferred + TRIES - 1, HIGHEST);
        return "no free port from " + preferred + " to " + last + " for the web UI: set " + key;
    }
}
