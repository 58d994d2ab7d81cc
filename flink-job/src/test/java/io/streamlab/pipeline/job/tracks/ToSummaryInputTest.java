package io.streamlab.pipeline.job.tracks;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The summary's input channels are never idle, so the summary waits for every one of them. */
class ToSummaryInputTest {
    @Test
    void wrapsEveryRowAndForwardsWatermarksButNotIdleness() throws Exception {
        ArtistDigest digest = new ArtistDigest(3, java.util.List.of());
        try (var harness = new OneInputStreamOperatorTestHarness<>(
                new ToSummaryInput<ArtistDigest>(a -> new SummaryInput(null, a)))) {
            harness.open();
            harness.processWatermarkStatus(WatermarkStatus.IDLE);
            harness.processElement(new StreamRecord<>(digest, 59_999));
            harness.processWatermark(new Watermark(Long.MAX_VALUE));

            assertThat(harness.getOutput())
                    .containsExactly(
                            new StreamRecord<>(new SummaryInput(null, digest), 59_999), new Watermark(Long.MAX_VALUE));
        }
    }
}
