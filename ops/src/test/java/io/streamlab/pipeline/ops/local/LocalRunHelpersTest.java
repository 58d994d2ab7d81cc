package io.streamlab.pipeline.ops.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.ops.Installation;
import io.streamlab.pipeline.ops.OpsContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the local run starts and waits for stops with it, also on a SIGTERM that reaches only its JVM. */
class LocalRunHelpersTest {

    @Test
    void aHelperTheRunWaitsForIsStoppedWhenTheRunCloses(@TempDir Path dir) throws Exception {
        PipelineConfig config = PipelineConfig.load(
                List.of(
                        "--local.dir",
                        dir.resolve("local").toString(),
                        "--output.dir",
                        dir.resolve("out").toString()),
                Map.of());
        OpsContext context = new OpsContext(
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()),
                Map.of(),
                List.of());
        LocalRun run = new LocalRun(
                context, new Installation(dir), config, List.of(), new LocalRun.Settings(false, false, 9092, 1, 1, 30));
        // a producer that would publish for ten minutes
        CompletableFuture<Integer> waited = CompletableFuture.supplyAsync(() -> {
            try {
                return run.awaitHelper(new ProcessBuilder("sleep", "600"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Optional<Process> helper = run.helper();
        while (helper.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
            helper = run.helper();
        }
        assertThat(helper).as("the helper started").isPresent();

        run.close();

        assertThat(helper.get().isAlive())
                .as("stopped with the run (it went on before)")
                .isFalse();
        assertThat(waited.get(30, TimeUnit.SECONDS))
                .as("its wait returned with its exit")
                .isNotZero();
        assertThat(run.awaitHelper(new ProcessBuilder("sleep", "600")))
                .as("nothing is started once the run stops")
                .isZero();
        assertThat(run.helper()).isEmpty();
    }
}
