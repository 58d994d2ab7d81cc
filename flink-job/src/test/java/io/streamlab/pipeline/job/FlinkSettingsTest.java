package io.streamlab.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.snapshots.Snapshots;
import java.io.File;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The local folders the job is given are the folders Flink then writes and reads. */
class FlinkSettingsTest {
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
    }
}
