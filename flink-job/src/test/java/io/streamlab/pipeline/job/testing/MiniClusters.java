package io.streamlab.pipeline.job.testing;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The mini clusters the integration tests share a shape of. */
public final class MiniClusters {
    private MiniClusters() {}

    /** One TaskManager with two slots (the job at parallelism 2), whose metrics {@code metrics} keeps. */
    public static MiniClusterExtension oneTaskManagerReportingTo(InMemoryReporter metrics) {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setConfiguration(metrics.addToConfiguration(new Configuration()))
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(2)
                .build());
    }
}
