package io.streamlab.pipeline.job.testing;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;

/** A job's metrics as an {@link InMemoryReporter} on the test's mini cluster holds them. */
public final class JobMetrics {
    private final InMemoryReporter reporter;
    private final JobID job;

    public JobMetrics(InMemoryReporter reporter, JobID job) {
        this.reporter = reporter;
        this.job = job;
    }

    /**
     * The sum over every subtask of the job's counter whose identifier ends with {@code name} (a group
     * such as {@code deadLetters.category.late.count} included); 0 when no subtask registered it yet.
     */
    public long counted(String name) {
        return all(name).stream()
                .filter(Counter.class::isInstance)
                .mapToLong(m -> ((Counter) m).getCount())
                .sum();
    }

    /** Whether the counter is registered by at least one subtask. */
    public boolean registered(String name) {
        return !all(name).isEmpty();
    }

    /** The value of the gauge {@code name} in every subtask that registered it. */
    public List<Object> gauges(String name) {
        return all(name).stream()
                .filter(Gauge.class::isInstance)
                .map(m -> (Object) ((Gauge<?>) m).getValue())
                .toList();
    }

    private List<Metric> all(String name) {
        List<Metric> found = new ArrayList<>();
        reporter.getMetricsByGroup().forEach((group, metrics) -> {
            if (job.toHexString().equals(group.getAllVariables().get("<job_id>"))) {
                metrics.forEach((metricName, metric) -> {
                    if (group.getMetricIdentifier(metricName).endsWith("." + name)) {
                        found.add(metric);
                    }
                });
            }
        });
        return found;
    }
}
