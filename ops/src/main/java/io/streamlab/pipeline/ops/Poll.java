package io.streamlab.pipeline.ops;

import java.time.Duration;
import java.util.Optional;

/** Waits for a state of the cluster by asking again every so often, up to a deadline. */
public final class Poll {
    /** A question asked again until it has an answer. */
    @FunctionalInterface
    public interface Probe<T> {
        Optional<T> answer() throws Exception;
    }

    private static final Duration INTERVAL = Duration.ofMillis(250);

    private Poll() {}

    /** The deadline passed without an answer: what was waited for may still happen. */
    public static final class TimedOut extends OpsFailure {
        private static final long serialVersionUID = 1L;

        TimedOut(String message) {
            super(message);
        }
    }

    /** The first answer within {@code timeout}; an {@link OpsFailure} saying what did not happen otherwise. */
    public static <T> T until(String what, Duration timeout, Probe<T> probe) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> answer = probe.answer();
            if (answer.isPresent()) {
                return answer.get();
            }
            if (System.nanoTime() > deadline) {
                throw new TimedOut(what + " did not happen within " + timeout.toSeconds()
                        + " s (ops.timeout raises the limit, e.g. OPS_TIMEOUT=30min)");
            }
            Thread.sleep(INTERVAL.toMillis());
        }
    }
}
