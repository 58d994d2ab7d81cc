package io.streamlab.pipeline.ops.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local run compacts every 30 checkpoints unless the user chose a value: by a flag, the environment
 * or a configuration file, off (0) included, or by turning it on in {@code conf/}.
 */
class LocalCompactionTest {
    private static final String KEY = "sink.compaction.checkpoints";

    @TempDir
    Path dir;

    @Test
    void nothingChosenLeavesTheLocalDefault() throws Exception {
        assertThat(LocalCommand.compactionChosen(List.of(), Map.of())).isFalse();
        Path other = Files.writeString(dir.resolve("other.properties"), "job.parallelism = 2\n");
        assertThat(LocalCommand.compactionChosen(List.of("--config", other.toString()), Map.of()))
                .as("a file that does not mention it")
                .isFalse();
    }

    @Test
    void aValueChosenAnywhereIsKeptOffIncluded() throws Exception {
        assertThat(LocalCommand.compactionChosen(List.of("--" + KEY, "0"), Map.of()))
                .isTrue();
        assertThat(LocalCommand.compactionChosen(List.of("--" + KEY + "=0"), Map.of()))
                .isTrue();
        assertThat(LocalCommand.compactionChosen(List.of(), Map.of("SINK_COMPACTION_CHECKPOINTS", "0")))
                .isTrue();
        Path off = Files.writeString(dir.resolve("off.properties"), KEY + " = 0\n");
        assertThat(LocalCommand.compactionChosen(List.of("--config", off.toString()), Map.of()))
                .as("--config FILE")
                .isTrue();
        assertThat(LocalCommand.compactionChosen(List.of(), Map.of("PIPELINE_CONFIG", off.toString())))
                .as("PIPELINE_CONFIG=FILE")
                .isTrue();
        assertThat(LocalCommand.compactionChosen(List.of("--" + KEY, "5"), Map.of()))
                .isTrue();
    }
}
