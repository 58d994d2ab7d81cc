package io.streamlab.pipeline.producer;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl+C and SIGTERM into a {@link StopSignal} and lets the command finish cleanly (flush, print
 * its summary, close the broker) before the JVM ends, with the command's own exit code.
 *
 * <p>On a signal the JVM runs its shutdown hooks and then halts, whatever the main thread is doing;
 * and {@code System.exit} from the main thread would block forever once the hooks run. So the hook
 * requests the stop, waits (at most {@link #GRACE}) for the main thread to hand over its exit code in
 * {@link #exit}, and halts with it. Without a signal, {@link #exit} is a plain {@code System.exit}.
 */
final class JvmShutdown {
    static final Duration GRACE = Duration.ofSeconds(60);

    private final StopSignal stop;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile int exitCode = 130;
    private boolean exiting;
    private boolean signalled;

    private JvmShutdown(StopSignal stop) {
        this.stop = stop;
    }

    static JvmShutdown install(StopSignal stop) {
        JvmShutdown shutdown = new JvmShutdown(stop);
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown::onSignal, "producer-tool-shutdown"));
        return shutdown;
    }

    private void onSignal() {
        synchronized (this) {
            if (exiting) {
                return; // a normal System.exit from exit(): nothing to wait for
            }
            signalled = true;
        }
        stop.request();
        try {
            if (!finished.await(GRACE.toSeconds(), TimeUnit.SECONDS)) {
                System.err.println("WARN  did not stop within " + GRACE.toSeconds() + " s; exiting anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(exitCode);
    }

    /** Ends the JVM with {@code code}: directly, or through the shutdown hook when a signal came first. */
    void exit(int code) {
        boolean direct;
        synchronized (this) {
            direct = !signalled;
            exiting = direct;
        }
        if (direct) {
            System.exit(code);
        }
        exitCode = code;
        finished.countDown();
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE); // the hook halts the JVM
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
