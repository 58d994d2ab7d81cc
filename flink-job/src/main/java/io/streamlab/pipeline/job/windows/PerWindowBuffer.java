package io.streamlab.pipeline.job.windows;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * An operator that folds its records into one buffer per tumbling event-time window and sends each
 * buffer on, stamped with its window's last millisecond:
 *
 * <ul>
 *   <li>when a watermark passes the window's end, before the watermark itself, so the windows
 *       downstream never see what it sends as late;</li>
 *   <li>before each checkpoint barrier ({@link #prepareSnapshotPreBarrier}), so the operator has no
 *       state: a checkpoint finds every record either sent downstream or not yet read;</li>
 *   <li>before its input is announced idle ({@link #processWatermarkStatus}): an idle input no longer
 *       holds the windows downstream back, so what it buffered would reach them after they had moved
 *       on, late;</li>
 *   <li>at the end of the input, and whenever a subclass calls {@link #sendUpTo} itself;</li>
 *   <li>the oldest, when {@link #MAX_BUFFERED_WINDOWS} are buffered and a record opens another.</li>
 * </ul>
 *
 * @param <B> a window's buffer
 */
public abstract class PerWindowBuffer<I, B, O> extends AbstractStreamOperator<O>
        implements OneInputStreamOperator<I, O> {
    private static final long serialVersionUID = 1L;

    /**
     * The most windows buffered at once; past it the oldest is sent early, as before a barrier. A bounded
     * (BATCH) run has neither watermarks nor barriers, and its input comes sorted by key: every window of
     * the history was buffered until the input ended (months of one-minute windows, gigabytes).
     */
    static final int MAX_BUFFERED_WINDOWS = 16;

    /** Window's last millisecond to the window's buffer, in event-time order. */
    private transient TreeMap<Long, B> windows;

    @Override
    public void open() throws Exception {
        super.open();
        windows = new TreeMap<>();
    }

    /** The buffer of the window whose last millisecond is {@code maxTimestamp}, created if need be. */
    protected final B buffer(long maxTimestamp, Supplier<B> create) {
        B buffer = windows.get(maxTimestamp);
        if (buffer == null) {
            if (windows.size() >= MAX_BUFFERED_WINDOWS) {
                Map.Entry<Long, B> oldest = windows.pollFirstEntry();
                send(oldest.getKey(), oldest.getValue());
            }
            buffer = create.get();
            windows.put(maxTimestamp, buffer);
        }
        return buffer;
    }

    /** Sends what a window's buffer holds; the buffer is dropped afterwards. */
    protected abstract void send(long maxTimestamp, B buffer);

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        sendUpTo(mark.getTimestamp());
        super.processWatermark(mark);
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) throws Exception {
        if (status.isIdle()) {
            sendUpTo(Long.MAX_VALUE);
        }
        super.processWatermarkStatus(status);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        sendUpTo(Long.MAX_VALUE);
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        sendUpTo(Long.MAX_VALUE);
        super.finish();
    }

    /** Sends the buffers of every window whose last millisecond is at or before {@code eventTime}. */
    protected final void sendUpTo(long eventTime) {
        Iterator<Map.Entry<Long, B>> open = windows.entrySet().iterator();
        while (open.hasNext()) {
            Map.Entry<Long, B> window = open.next();
            if (window.getKey() > eventTime) {
                return;
            }
            send(window.getKey(), window.getValue());
            open.remove();
        }
    }
}
