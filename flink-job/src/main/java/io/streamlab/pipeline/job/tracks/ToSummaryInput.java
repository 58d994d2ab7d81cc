package io.streamlab.pipeline.job.tracks;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.function.SerializableFunction;

/**
 * "Genre digests to summary", "Artist digests to summary": a window's results as the summary's input, on a
 * channel that is never announced idle.
 *
 * <p>The summary window takes the minimum watermark of its active input channels. When every input of
 * the job has been idle, the genre and artist windows are idle too; at a drain they wake up one subtask
 * after the other, each firing its open windows, sending its rows and then the end of event time. With
 * idle channels left out of the minimum, the summary fired on the first subtask's end of event time, and
 * the rows of the others came late: a summary missing genres, with no trace but a dead letter
 * ({@code IdleDrainITCase}). Every window subtask sees the same inputs and so the same watermark, so an
 * idle status here says nothing the watermarks do not: it is not forwarded, and the summary waits for the
 * end of event time of every channel.
 */
final class ToSummaryInput<I> extends AbstractStreamOperator<SummaryInput>
        implements OneInputStreamOperator<I, SummaryInput> {
    private static final long serialVersionUID = 1L;

    private final SerializableFunction<I, SummaryInput> wrap;

    ToSummaryInput(SerializableFunction<I, SummaryInput> wrap) {
        this.wrap = wrap;
    }

    @Override
    public void processElement(StreamRecord<I> element) throws Exception {
        output.collect(element.replace(wrap.apply(element.getValue())));
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) throws Exception {
        if (!status.isIdle()) {
            super.processWatermarkStatus(status);
        }
    }
}
