package io.streamlab.pipeline.e2e.bench;

import org.junit.jupiter.api.Test;

/**
 * What {@code ./mvnw -B -Pbenchmark -pl e2e-tests -am verify} runs: {@link PipelineBenchmark#main} in the
 * failsafe JVM that the profile gives a 1 GiB heap. Not in the test suite (its name matches no pattern of
 * it); {@code PipelineBenchmarkITCase} runs a small version there.
 */
class PipelineBenchmarkRun {
    @Test
    void printsTheTable() throws Exception {
        PipelineBenchmark.main(new String[0]);
    }
}
