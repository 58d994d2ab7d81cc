package io.streamlab.pipeline.job.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link TokenizerBenchmark} on tiny texts, one pass: it still runs and prints a row per kind and size. */
class TokenizerBenchmarkTest {

    @Test
    void everyKindAtEverySize() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int[] sizes = {100, 2 * TokenizerBenchmark.KB};
        List<TokenizerBenchmark.Row> rows;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            rows = TokenizerBenchmark.run(sizes, 0, 1, 0, 0, out);
        }
        String table = printed.toString(StandardCharsets.UTF_8);
        System.out.println(table);

        assertThat(rows).hasSize(TokenizerBenchmark.KINDS.size() * sizes.length);
        for (String kind : TokenizerBenchmark.KINDS.keySet()) {
            for (int size : sizes) {
                assertThat(rows)
                        .filteredOn(row -> row.kind().equals(kind) && row.size() == size)
                        .singleElement()
                        .satisfies(row -> assertThat(row.mbPerSecond()).isPositive())
                        .satisfies(row -> assertThat(row.bytes()).isGreaterThanOrEqualTo(size - 1));
            }
            assertThat(table).containsPattern("(?m)^" + java.util.regex.Pattern.quote(kind) + " +\\|.*\\|");
        }
        assertThat(table).contains("100 B", "2 KB");
    }

    @Test
    void textsHaveTheirSize() {
        for (var kind : TokenizerBenchmark.KINDS.entrySet()) {
            assertThat(kind.getValue().apply(TokenizerBenchmark.KB))
                    .as(kind.getKey())
                    .hasSizeBetween(TokenizerBenchmark.KB - 1, TokenizerBenchmark.KB);
        }
    }
}
