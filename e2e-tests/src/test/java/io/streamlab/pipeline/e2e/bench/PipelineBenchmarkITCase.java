package io.streamlab.pipeline.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark of the README at a small size, so its command cannot rot: every row is measured in each
 * pass, the pipelines counted every record (the benchmark checks their datasets), and the table prints
 * the goals. The figures themselves are not asserted: timings belong to the benchmark, not to tests.
 */
class PipelineBenchmarkITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir
    Path work;

    @Test
    void measuresEveryRowInEveryPassAndPrintsTheGoals() throws Exception {
        // denser event time than the defaults: the flags reach the producer-tool (the job's checks that every
        // record is counted in the windows still hold)
        PipelineBenchmark.Settings settings = new PipelineBenchmark.Settings(3_000, 2_000, 2, false, 1_000, 10);
        PipelineBenchmark.Report report = new PipelineBenchmark(
                        KAFKA.broker(), work, new PrintStream(System.out, true, StandardCharsets.UTF_8))
                .run(settings);

        assertThat(report.rows())
                .extracting(PipelineBenchmark.Row::name)
                .containsExactly(
                        PipelineBenchmark.PRODUCER_TRACKS,
                        PipelineBenchmark.PRODUCER_TICKETS,
                        PipelineBenchmark.CONSUMER_TRACKS,
                        PipelineBenchmark.TRACK_PIPELINE,
                        PipelineBenchmark.CONSUMER_TICKETS,
                        PipelineBenchmark.REPUBLISHER_TICKETS,
                        PipelineBenchmark.TICKET_PIPELINE);
        for (PipelineBenchmark.Row row : report.rows()) {
            assertThat(row.rates())
                    .as(row.name())
                    .hasSize(2)
                    .allSatisfy(rate -> assertThat(rate).isPositive().isFinite());
            assertThat(row.peakHeap())
                    .as(row.name())
                    .allSatisfy(heap -> assertThat(heap).isPositive());
            assertThat(row.cpuMicrosPerRecord())
                    .as(row.name())
                    .hasSize(2)
                    .allSatisfy(cpu -> assertThat(cpu).isNotNegative().isFinite());
        }
        assertThat(report.row(PipelineBenchmark.TICKET_PIPELINE).medianRatio())
                .isEqualTo(PipelineBenchmark.median(
                        report.row(PipelineBenchmark.TICKET_PIPELINE).ratios()));

        String table = PipelineBenchmark.format(report);
        assertThat(table)
                .contains("Event time: 1,000 tracks a second and a ticket every 10 ms")
                .contains("a window of 1 min holds 60,000 tracks and 6,000 tickets");
        assertThat(table)
                .contains("3,000 tracks and 2,000 tickets per pass, 2 pass(es)")
                .contains("| " + PipelineBenchmark.TICKET_PIPELINE + " |")
                .contains("ticket pipeline >= 0.5 of the plain consumer")
                .contains("ceiling of the ticket pipeline")
                .contains("CPU per record, pipeline / plain consumer")
                .contains("producer >= 100,000 tracks/s")
                .contains("job heap within 1 GiB");
        assertThat(table.lines().filter(l -> l.startsWith("| ")).count()).isEqualTo(1 + 7);
    }
}
