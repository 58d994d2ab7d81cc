package io.streamlab.pipeline.producer.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.producer.Console;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Console console = new Console(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            false);

    private String lineAfter(long expectedTotal, long sent) {
        Progress progress = new Progress(console, "t", Duration.ZERO, expectedTotal, () -> Double.NaN);
        progress.update(sent);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aCountedRunShowsItsShareAndAnEta() {
        assertThat(lineAfter(1000, 250)).contains("250 records of 1,000", "25%", "ETA");
    }

    @Test
    void anEndlessRunShowsNeitherAShareNorAnEta() {
        assertThat(lineAfter(Long.MAX_VALUE, 250)).contains("t: 250 records").doesNotContain("%", "ETA", " of ");
    }
}
