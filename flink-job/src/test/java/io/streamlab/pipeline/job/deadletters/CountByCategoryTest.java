package io.streamlab.pipeline.job.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.RejectCategory;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.testutils.MetricListener;
import org.junit.jupiter.api.Test;

/** Every dead letter is counted once in the {@code deadLetters} metric of its category. */
class CountByCategoryTest {
    @Test
    void everyCategoryHasItsCounterAndEachDeadLetterCountsOnce() {
        MetricListener metrics = new MetricListener();
        DeadLetters.CountByCategory count = new DeadLetters.CountByCategory();
        count.openOn(metrics.getMetricGroup());
        for (RejectCategory category : RejectCategory.values()) {
            assertThat(metrics.getCounter(DeadLetters.METRIC_GROUP, category.label(), DeadLetters.METRIC))
                    .as(category.label())
                    .isPresent();
        }
        for (RejectCategory category :
                new RejectCategory[] {RejectCategory.LATE, RejectCategory.LATE, RejectCategory.TOO_LONG}) {
            DeadLetter dl = DeadLetter.of("t", 0, 1, category, "reason", "raw", 0L);
            assertThat(count.map(dl)).as("passed on as it is").isSameAs(dl);
        }
        assertThat(metrics.getCounter(DeadLetters.METRIC_GROUP, "late", DeadLetters.METRIC))
                .get()
                .extracting(Counter::getCount)
                .isEqualTo(2L);
        assertThat(metrics.getCounter(DeadLetters.METRIC_GROUP, "too-long", DeadLetters.METRIC))
                .get()
                .extracting(Counter::getCount)
                .isEqualTo(1L);
        assertThat(metrics.getCounter(DeadLetters.METRIC_GROUP, "invalid-json", DeadLetters.METRIC))
                .get()
                .extracting(Counter::getCount)
                .isEqualTo(0L);
    }
}
