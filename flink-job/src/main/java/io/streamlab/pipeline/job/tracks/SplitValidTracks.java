package io.streamlab.pipeline.job.tracks;

import io.streamlab.pipeline.job.deadletters.DeadLetters;
import io.streamlab.pipeline.records.Track;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Valid tracks go on; dead letters go to the side output, counted in {@code tracksInvalid}. */
public class SplitValidTracks extends ProcessFunction<TrackOrError, Track> {
    private static final long serialVersionUID = 1L;
    private transient Counter parsed;
    private transient Counter invalid;

    @Override
    public void open(OpenContext openContext) {
        parsed = getRuntimeContext().getMetricGroup().counter("tracksParsed");
        invalid = getRuntimeContext().getMetricGroup().counter("tracksInvalid");
    }

    @Override
    public void processElement(TrackOrError value, Context ctx, Collector<Track> out) {
        if (value.track() != null) {
            parsed.inc();
            out.collect(value.track());
        } else {
            invalid.inc();
            ctx.output(DeadLetters.TAG, value.deadLetter());
        }
    }
}
