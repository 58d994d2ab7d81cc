package io.streamlab.pipeline.insights;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DuckDB's spill files of a report stopped by Ctrl+C or a kill do not stay in the temporary folder for good. */
class SpillFolderTest {
    @TempDir
    Path tmp;

    @Test
    void theSpillOfAProcessThatIsGoneIsDeletedAndNothingElse() throws Exception {
        Process gone =
                new ProcessBuilder("java", "-version").redirectErrorStream(true).start();
        gone.getInputStream().readAllBytes();
        gone.waitFor();
        Path stale = Files.createDirectories(tmp.resolve("duckdb-insights-" + gone.pid() + "-" + UUID.randomUUID()));
        Files.write(stale.resolve("duckdb_temp_storage-0.tmp"), new byte[4096]);
        Path running = Files.createDirectories(
                tmp.resolve("duckdb-insights-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID()));
        Path olderName = Files.createDirectories(tmp.resolve("duckdb-insights-" + UUID.randomUUID()));
        Path other = Files.createDirectories(tmp.resolve("duckdb-insights-notes"));

        Path mine = ParquetCatalog.spillFolder(tmp);

        assertThat(stale).doesNotExist();
        assertThat(running).isDirectory();
        assertThat(olderName).isDirectory();
        assertThat(other).isDirectory();
        assertThat(mine.getParent()).isEqualTo(tmp);
        assertThat(mine.getFileName().toString())
                .startsWith("duckdb-insights-" + ProcessHandle.current().pid() + "-");
    }
}
