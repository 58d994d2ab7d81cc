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

    @Test
    void theEtaOfAResumedFileCountsOnlyWhatThisRunRead() throws Exception {
        // resumed at 90% of the file: the earlier run's part took none of this run's time
        double[] share = {0.9};
        Progress progress = new Progress(console, "t", Duration.ZERO, 0, () -> share[0]);
        Thread.sleep(100); // this run's time: at least 0.1 s for 0.1% of the file
        share[0] = 0.901;
        progress.update(10);

        String line = out.toString(StandardCharsets.UTF_8);
        // 9.9 s at least (longer if the pause was); until 2026-12-03 it was 0 s, as if this run had read the
        // whole 90% in its 0.1 s
        assertThat(line).containsPattern("ETA ([1-9][0-9]+ s|[9] s|[0-9]+ min|[0-9]+ h)");
    }
}
