package io.streamlab.pipeline.e2e.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.e2e.Repository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code promtool test rules} on {@code prometheus/alerts-test.yml}, wherever promtool is installed (Debian's
 * {@code prometheus} package): a checkpoint that fails while a run's tasks deploy never alerts, one that fails
 * an hour into a run does, a restart alerts on its own, and a partition that holds one subtask's event time
 * back alerts while an idle subtask does not.
 */
@EnabledIf("promtoolInstalled")
class AlertRulesTest {
    @TempDir
    Path work;

    static boolean promtoolInstalled() {
        try {
            Process version = new ProcessBuilder("promtool", "--version")
                    .redirectErrorStream(true)
                    .start();
            version.getInputStream().readAllBytes();
            return version.waitFor(30, TimeUnit.SECONDS) && version.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void alertRulesPassTheirUnitTests() throws Exception {
        Path alerts = Repository.root().resolve("docker/prometheus/alerts.yml");
        String tests = new String(
                        getClass()
                                .getResourceAsStream("/prometheus/alerts-test.yml")
                                .readAllBytes(),
                        StandardCharsets.UTF_8)
                .replace("ALERTS_FILE", alerts.toString());
        Path file = Files.writeString(work.resolve("alerts-test.yml"), tests);
        Process promtool = new ProcessBuilder("promtool", "test", "rules", file.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor()).as(output).isZero();
        assertThat(output).contains("SUCCESS");
    }
}
