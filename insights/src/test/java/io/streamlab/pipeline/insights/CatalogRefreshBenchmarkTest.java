package io.streamlab.pipeline.insights;

import static io.streamlab.pipeline.insights.ParquetFixtures.MINUTE;
import static io.streamlab.pipeline.insights.ParquetFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CatalogRefreshBenchmark} on 21 part files and 7 new ones: it still runs, each step reads the files
 * it should, and the live view shows the same windows read incrementally as read the previous way.
 */
class CatalogRefreshBenchmarkTest {
    @TempDir
    Path output;

    @Test
    void everyStepOnAFewFiles() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CatalogRefreshBenchmark.Result result;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            result = CatalogRefreshBenchmark.run(output, 21, 7, 1, out);
        }
        String table = printed.toString(StandardCharsets.UTF_8);
        System.out.println(table);

        assertThat(result.rows())
                .extracting(
                        CatalogRefreshBenchmark.Row::step,
                        CatalogRefreshBenchmark.Row::files,
                        CatalogRefreshBenchmark.Row::filesRead)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("first load", 21, 21),
                        org.assertj.core.groups.Tuple.tuple("refresh, no new file", 21, 0),
                        org.assertj.core.groups.Tuple.tuple("refresh, 7 new files", 28, 7),
                        org.assertj.core.groups.Tuple.tuple("previous: every file again", 28, 28));
        // 28 files: windows 0 to 3 of each dataset; the genres of window 3 have 4 + 5 + … + 9 + 1 + 2 tracks
        assertThat(result.incremental()).isEqualTo(new CatalogRefreshBenchmark.Latest(T0 + 3 * MINUTE, 42, 3, 8));
        assertThat(result.previous()).isEqualTo(result.incremental());
        for (CatalogRefreshBenchmark.Row row : result.rows()) {
            assertThat(table).containsPattern("(?m)^" + java.util.regex.Pattern.quote(row.step()) + " +\\|.*\\|");
        }
    }
}
