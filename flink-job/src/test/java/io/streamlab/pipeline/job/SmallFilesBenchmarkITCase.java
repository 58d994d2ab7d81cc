package io.streamlab.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.datasets.Dataset;
import io.streamlab.pipeline.job.SmallFilesBenchmark.Arrivals;
import io.streamlab.pipeline.job.SmallFilesBenchmark.DemoStream;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's small-files benchmark, cheap: 18 s per setting with 2 s checkpoints instead of
 * 5 and 16 minutes with 10 s, so the command the README shows cannot rot unnoticed.
 */
class SmallFilesBenchmarkITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @TempDir
    Path work;

    @Test
    void compactionCommitsFewerFilesForEveryDataset() throws Exception {
        DemoStream stream = new DemoStream(10, 10, Duration.ofSeconds(2));

        Map<Integer, Map<Dataset, Arrivals>> results =
                SmallFilesBenchmark.measure(KAFKA, work, stream, List.of(0, 4), List.of(0.3));
        SmallFilesBenchmark.print(stream, results);

        Map<Dataset, Arrivals> off = results.get(0);
        Map<Dataset, Arrivals> on = results.get(4);
        assertThat(off).containsOnlyKeys(Dataset.values());
        assertThat(on).containsOnlyKeys(Dataset.values());
        assertThat(off.get(Dataset.TICKETS_ENRICHED).files())
                .as("without compaction a file per checkpoint and subtask")
                .isGreaterThanOrEqualTo(6);
        assertThat(on.get(Dataset.TICKETS_ENRICHED).files())
                .as("merged every 4 checkpoints")
                .isPositive()
                .isLessThan(off.get(Dataset.TICKETS_ENRICHED).files() / 2);
    }
}
