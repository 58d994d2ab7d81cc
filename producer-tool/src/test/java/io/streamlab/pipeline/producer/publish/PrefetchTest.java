package io.streamlab.pipeline.producer.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Whatever ends the reading thread reaches the sender, which must never wait for a chunk that cannot come. */
class PrefetchTest {

    /** Gives {@code records} records, then fails with {@code failure}. */
    private static RecordSource failingAfter(int records, Throwable failure) {
        AtomicInteger given = new AtomicInteger();
        return new RecordSource() {
            @Override
            public OutgoingRecord next() throws IOException {
                if (given.get() == records) {
                    if (failure instanceof IOException e) {
                        throw e;
                    }
                    if (failure instanceof RuntimeException e) {
                        throw e;
                    }
                    throw (Error) failure;
                }
                return new OutgoingRecord("k" + given.getAndIncrement(), new byte[] {1});
            }

            @Override
            public double progress() {
                return 0;
            }

            @Override
            public void close() {}
        };
    }

    @Test
    void anErrorOfTheReaderEndsTheReadWithAnExceptionInsteadOfAWaitForever() {
        for (Throwable failure : new Throwable[] {
            new OutOfMemoryError("Java heap space"),
            new StackOverflowError(),
            new IOException("disk"),
            new IllegalStateException("bug")
        }) {
            // a bound on a wait that used to be endless, not a measurement
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                try (Prefetch prefetch = new Prefetch(failingAfter(300, failure))) {
                    for (int i = 0; i < 300; i++) {
                        assertThat(prefetch.next().key()).isEqualTo("k" + i);
                    }
                    assertThatThrownBy(prefetch::next)
                            .isInstanceOfAny(IOException.class, RuntimeException.class)
                            .satisfies(e -> assertThat(e.toString() + e.getCause())
                                    .contains(failure.getClass().getSimpleName()));
                }
            });
        }
    }
}
