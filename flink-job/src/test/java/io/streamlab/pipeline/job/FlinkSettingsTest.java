package io.streamlab.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlab.pipeline.config.ConfigException;
import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.snapshots.Snapshots;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigurationUtils;
import org.junit.jupiter.api.Test;

/** The local folders the job is given are the folders Flink then writes and reads; no secret shown in clear. */
class FlinkSettingsTest {
    /** The web UI shows the job's Flink settings: a secret there must be one Flink masks. */
    @Test
    void aSecretFlinkWouldShowInClearIsRefusedAndOneItMasksIsTaken() {
        for (String key : List.of("s3.access-key", "fs.gs.auth.service.account.private.key")) {
            PipelineConfig config = PipelineConfig.load(List.of("--flink." + key, "AKIAs3cret"), Map.of());
            assertThatThrownBy(() -> FlinkSettings.toConfiguration(config))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("flink." + key + " is named like a secret")
                    .hasMessageNotContaining("AKIAs3cret");
        }
        PipelineConfig masked = PipelineConfig.load(List.of("--flink.s3.secret-key", "AKIAs3cret"), Map.of());
        Map<String, String> shown = ConfigurationUtils.hideSensitiveValues(
                FlinkSettings.toConfiguration(masked).toMap());
        assertThat(shown.get("s3.secret-key")).isNotEqualTo("AKIAs3cret");
        assertThat(shown.toString()).doesNotContain("AKIAs3cret");
    }

    /**
     * The restarts the README describes: 5 failures in a row, from 5 s doubling to at most 1 min, counted
     * afresh after 10 min without a failure; 0 attempts is no restart at all.
     */
    @Test
    void theRestartPolicyIsTheOneDocumented() {
        Map<String, String> defaults = FlinkSettings.asMap(PipelineConfig.defaults());
        assertThat(defaults)
                .containsEntry("restart-strategy.type", "exponential-delay")
                .containsEntry("restart-strategy.exponential-delay.attempts-before-reset-backoff", "5")
                .containsEntry("restart-strategy.exponential-delay.initial-backoff", "5000 ms")
                .containsEntry("restart-strategy.exponential-delay.max-backoff", "60000 ms")
                .containsEntry("restart-strategy.exponential-delay.backoff-multiplier", "2.0")
                .containsEntry("restart-strategy.exponential-delay.reset-backoff-threshold", "600000 ms");

        Map<String, String> none =
                FlinkSettings.asMap(PipelineConfig.load(List.of("--restart.attempts", "0"), Map.of()));
        assertThat(none).containsEntry("restart-strategy.type", "none");
        assertThat(none.keySet()).noneMatch(key -> key.startsWith("restart-strategy.exponential-delay."));
    }

    /**
     * Flink does not decode percent escapes: given Path.toUri()'s file:///a%20b, a checkout whose path holds
     * a space had its checkpoints and output written to a folder named "a%20b", beside the ones the local
     * run, ops and insights look in.
     */
    @Test
    void aFolderWithASpaceIsTheFolderFlinkWritesTo() {
        Path spaced = Path.of("my checkout", "output").toAbsolutePath();

        for (String given : new String[] {
            FlinkSettings.uri("my checkout/output"), Snapshots.flinkUri(spaced), FlinkSettings.uri(spaced.toString())
        }) {
            org.apache.flink.core.fs.Path asFlinkReadsIt = new org.apache.flink.core.fs.Path(given);
            assertThat(new File(asFlinkReadsIt.toUri().getPath())).as(given).isEqualTo(spaced.toFile());
            assertThat(asFlinkReadsIt.toUri().getScheme()).isEqualTo("file");
        }
        assertThat(FlinkSettings.uri("s3://bucket/output")).isEqualTo("s3://bucket/output");
        // the folder the configuration checks is the folder Flink is given, however the file URI is written
        for (String given : List.of("file:/data/out", "file:///data/out", "FILE://localhost/data/out")) {
            org.apache.flink.core.fs.Path asFlinkReadsIt = new org.apache.flink.core.fs.Path(FlinkSettings.uri(given));
            assertThat(asFlinkReadsIt.toUri().getScheme()).as(given).isEqualTo("file");
            assertThat(asFlinkReadsIt.toUri().getPath()).as(given).isEqualTo("/data/out");
            assertThat(Snapshots.localPath(given)).as(given).contains(Path.of("/data/out"));
        }
        // a file URI as written, as the cluster's config.yaml writes it
        assertThat(FlinkSettings.uri("file:///flink-data/checkpoints")).isEqualTo("file:///flink-data/checkpoints");
    }
}
