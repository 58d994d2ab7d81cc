package io.streamlab.pipeline.job.windows;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.job.deadletters.DeadLetters;
import io.streamlab.pipeline.metrics.PipelineMetrics;
import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.RejectCategory;
import io.streamlab.pipeline.records.SourcedRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.OutputTag;

/*
 * LATE RECORDS, DECIDED ONCE
 * ==========================
 * A record is late when the event-time window it belongs to has been emitted. Deciding that in each
 * window operator gave three answers for one record (the genre window dead-lettered it, the artist
 * and summary windows dropped it silently), and forgot everything on a restore: watermarks are not in
 * checkpoints, so after a failure a record that had been late reopened its window and a second,
 * partial row was committed for the same window and key.
 *
 * So one operator decides, right after parsing (for tickets, right after their enrichment, in the same
 * chain), where the watermark is the source's own:
 *  - a record whose window's last millisecond is at or behind this subtask's watermark is late. It
 *    becomes one dead letter (category late) and never reaches a window. The windows downstream are
 *    behind this watermark (theirs is the minimum over the gates), so a record the gate lets through is
 *    on time for them too, with one exception: a gate idle for longer than watermark.idleness is left
 *    out of that minimum, and when its partition resumes, what it lets through can be late for windows
 *    that moved on. The windows send that to LateAtWindows, which dead-letters it as late too.
 *  - the watermark reached is operator state (EventTimeProgress), and a restored subtask starts from
 *    it: a record late before a failure is late after it. On a rescale the subtasks' ranges change,
 *    so every subtask takes the highest watermark of the old ones, the value no window can have
 *    passed: nothing is emitted twice, at the price of treating as late what a lagging partition
 *    sends until it catches up. A subtask whose input was idle at the snapshot takes at least the lowest
 *    watermark of the active ones: the windows had left it out and were about there, while its own
 *    watermark (none, if idle since its start) would let the first records of its partition reopen
 *    windows already emitted.
 *
 * THE END OF EVENT TIME, ALSO FOR AN IDLE INPUT
 * =============================================
 * A draining stop (and the end of a bounded input) advances event time to the end: the source task
 * emits MAX_WATERMARK, which fires every open window. But once a source has been idle longer than
 * watermark.idleness, its task has announced IDLE, and Flink 2.2's chain and network outputs drop
 * every watermark while the announced status is IDLE (FLINK-40499, fix not released). The final
 * watermark never left the source task: the drain fired no window, and their rows were in no output
 * (TrackPipelineITCase with compaction took long enough for the inputs to go idle, hence the loss was
 * first blamed on compaction). The end of input reaches every operator of the chain regardless, so the
 * gate announces ACTIVE again and emits the final watermark itself (IdleDrainITCase).
 *
 * RESUMING A DRAINED SAVEPOINT
 * ============================
 * After a drain the gate's event time is the end of time, and restoring that would make every later
 * record late. What the drain closed is known more precisely: the windows up to the one holding the
 * latest on-time record any gate let through, or of now if that record was dated in the future (the
 * drain fired every window that had a record; a later record for a future window the drain emitted is
 * stopped by the EmittedWindows guard). So each
 * gate also keeps that event time (union state, a second entry); a restore from a drained snapshot takes
 * the end of that window, the highest over all subtasks, as the watermark of every subtask: a record for
 * a window the drain emitted is a late dead letter, a record for a later window opens it as usual.
 * A drained savepoint written before this state existed has no such entry and keeps the end of time.
 *
 * RESUMING UNDER OTHER SETTINGS
 * =============================
 * Neither the window size nor the source topic is in any uid, so Flink restores a snapshot taken under
 * other ones without a word. A new window size left the windows open in the snapshot to fire with their
 * old bounds beside windows of the new size, and EmittedWindows, which compares window ends, refused
 * whichever of two windows with the same end came second: rows lost, others overlapping. A new topic
 * left the Kafka source reading the old topic's partitions from the snapshot as well as the new one's
 * from its start. So each gate keeps both (GateSettings, union state) and refuses such a restore, without
 * restarts, with the keys to change back. After a drain no window is open, so a new window size is
 * taken: the gate closes the windows the drain emitted, of the old size; the first window of the new size
 * takes the records after the drain, and its row overlaps the time of the old rows before it.
 * Snapshots written before this state existed are not checked.
 */

/**
 * Splits parsed records: invalid records and late ones go to {@link DeadLetters#TAG}. Without an
 * {@code onTimeTag}, only the valid records on time for their window go on. With one (for ticket
 * routing, which must see every valid ticket, late or not, without a second path to merge), every valid
 * record goes on, and the ones on time also go to {@code onTimeTag}, for the windows. Counts the
 * {@link PipelineMetrics.Input} counters of its input.
 *
 * @param <E> what the source emits: a record or the dead letter of one
 * @param <T> the valid record
 */
public final class OnTimeGate<E extends ParseResult<T>, T extends SourcedRecord> extends AbstractStreamOperator<T>
        implements OneInputStreamOperator<E, T>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final long windowSizeMillis;
    private final PipelineMetrics.Input input;
    private final OutputTag<T> onTimeTag;

    private transient ListState<EventTimeProgress> progressState;
    private transient ListState<Long> latestOnTimeState;
    private transient ListState<GateSettings> settingsState;
    private transient ListState<Integer> idleSubtasksState;
    private transient long latestOnTime;
    private transient long watermark;
    private transient Counter validCount;
    private transient Counter invalidCount;
    private transient Counter lateCount;
    private transient boolean inputIdle;
    private transient boolean endOfEventTimeForwarded;

    /**
     * @param topic            the source topic, for late records' dead letters
     * @param windowSizeMillis the size of the tumbling windows downstream
     * @param onTimeTag        null: only on-time records go on; else every valid record goes on, and the
     *                         on-time ones to this side output too
     */
    public OnTimeGate(String topic, long windowSizeMillis, PipelineMetrics.Input input, OutputTag<T> onTimeTag) {
        this.topic = topic;
        this.windowSizeMillis = windowSizeMillis;
        this.input = input;
        this.onTimeTag = onTimeTag;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        progressState = context.getOperatorStateStore()
                .getUnionListState(
                        new ListStateDescriptor<>("event-time-progress", TypeInformation.of(EventTimeProgress.class)));
        latestOnTimeState = context.getOperatorStateStore()
                .getUnionListState(new ListStateDescriptor<>("latest-on-time-event-time", Types.LONG));
        Long latest = null;
        for (Long t : latestOnTimeState.get()) {
            latest = latest == null ? t : Math.max(latest, t);
        }
        latestOnTime = latest == null ? Long.MIN_VALUE : latest;
        settingsState = context.getOperatorStateStore()
                .getUnionListState(new ListStateDescriptor<>("gate-settings", TypeInformation.of(GateSettings.class)));
        List<EventTimeProgress> progress = new ArrayList<>();
        progressState.get().forEach(progress::add);
        List<GateSettings> restoredSettings = new ArrayList<>();
        settingsState.get().forEach(restoredSettings::add);
        idleSubtasksState = context.getOperatorStateStore()
                .getUnionListState(new ListStateDescriptor<>("idle-subtasks", Types.INT));
        Set<Integer> idle = new HashSet<>();
        idleSubtasksState.get().forEach(idle::add);
        boolean drained = progress.stream().anyMatch(p -> p.watermark() == Long.MAX_VALUE);
        Long restoredWindowSize = compatibleWindowSize(restoredSettings, drained);
        // after a drain under another size, what it emitted: windows of the old size, up to the one of the
        // latest record. A window of the new size holding it stays open for the records after the drain (its
        // row overlaps the old ones' time); closing it too would make up to a whole new window of records late
        long emittedWindowSize = restoredWindowSize == null ? windowSizeMillis : restoredWindowSize;
        watermark = restoredWatermark(progress, latest, emittedWindowSize, subtask(), parallelism());
        if (!drained && idle.contains(subtask())) {
            watermark = Math.max(watermark, floorOfTheActive(progress, idle, parallelism()));
        }
    }

    /**
     * For a subtask whose input was idle at the snapshot: the lowest watermark of the subtasks that were not,
     * which is at least where the windows were (they leave idle inputs out). Its own watermark says nothing
     * of them (none at all if idle since its start). Without this, what its partition sent first after the
     * restore was on time for it, and for the windows too, whose event time starts again from nothing:
     * it reopened windows already emitted, for the keyed guard alone to refuse. None when nothing was
     * active, or on a rescale (every subtask then takes the highest watermark anyway).
     */
    static long floorOfTheActive(List<EventTimeProgress> restored, Set<Integer> idleSubtasks, int parallelism) {
        long floor = Long.MAX_VALUE;
        for (EventTimeProgress p : restored) {
            if (p.parallelism() != parallelism) {
                return Long.MIN_VALUE;
            }
            if (!idleSubtasks.contains(p.subtask())) {
                floor = Math.min(floor, p.watermark());
            }
        }
        return floor == Long.MAX_VALUE ? Long.MIN_VALUE : floor;
    }

    /**
     * Null when the snapshot was taken with this gate's settings (or before they were kept); else the
     * window size it was taken with, which only a drained snapshot may change. Any other difference is
     * refused, and the job is not restarted: the same snapshot would fail the same way.
     */
    Long compatibleWindowSize(List<GateSettings> restored, boolean drained) {
        if (restored.isEmpty()) {
            return null;
        }
        GateSettings before = restored.get(0);
        if (!before.topic().equals(topic)) {
            throw refused("the snapshot read " + input.label() + " from topic '" + before.topic() + "', and topic."
                    + input.label() + " is now '" + topic + "': Kafka's source would read the old topic's partitions"
                    + " from their positions in the snapshot as well as the new topic from its start. Resume with"
                    + " topic." + input.label() + " " + before.topic() + ", or start without the snapshot.");
        }
        if (before.windowSizeMillis() == windowSizeMillis) {
            return null;
        }
        if (!drained) {
            String key = "window." + input.label() + ".size";
            String was = PipelineConfig.formatDuration(Duration.ofMillis(before.windowSizeMillis()));
            throw refused("the snapshot holds " + input.label() + " windows of " + was + ", and " + key + " is now "
                    + PipelineConfig.formatDuration(Duration.ofMillis(windowSizeMillis)) + ": the windows open in"
                    + " the snapshot would come out with their old bounds beside the new ones, and rows of one or"
                    + " the other would be lost. Resume with " + key + " " + was + ", stop with a drain (ops stop"
                    + " --drain), then resume that savepoint with the new size; or start without the snapshot.");
        }
        return before.windowSizeMillis();
    }

    private static SuppressRestartsException refused(String reason) {
        return new SuppressRestartsException(new IllegalStateException("Cannot resume this snapshot: " + reason));
    }

    /**
     * Own value when the parallelism is unchanged; the highest of all on a rescale; none on a fresh start;
     * after a drain, the end of the window of the latest on-time record ({@code latestOnTime}, null when
     * the snapshot does not know it).
     */
    static long restoredWatermark(
            Iterable<EventTimeProgress> restored,
            Long latestOnTime,
            long windowSizeMillis,
            int subtask,
            int parallelism) {
        long own = Long.MIN_VALUE;
        long highest = Long.MIN_VALUE;
        boolean rescaled = false;
        for (EventTimeProgress p : restored) {
            highest = Math.max(highest, p.watermark());
            rescaled |= p.parallelism() != parallelism;
            if (p.subtask() == subtask && p.parallelism() == parallelism) {
                own = p.watermark();
            }
        }
        if (highest == Long.MAX_VALUE && latestOnTime != null) {
            return latestOnTime == Long.MIN_VALUE
                    ? Long.MIN_VALUE
                    : TimeWindow.getWindowStartWithOffset(latestOnTime, 0, windowSizeMillis) + windowSizeMillis - 1;
        }
        return rescaled ? highest : own;
    }

    @Override
    public void open() throws Exception {
        super.open();
        validCount = getMetricGroup().counter(input.parsed());
        invalidCount = getMetricGroup().counter(input.invalid());
        lateCount = getMetricGroup().counter(input.late());
        getMetricGroup().gauge(input.idle(), () -> inputIdle ? 1 : 0);
    }

    @Override
    public void processElement(StreamRecord<E> element) {
        T record = element.getValue().value();
        if (record == null) {
            // records deleted unread are not records the input sent: deadLetters{category} counts them
            if (!RejectCategory.DELETED_UNREAD
                    .label()
                    .equals(element.getValue().deadLetter().category())) {
                invalidCount.inc();
            }
            output.collect(
                    DeadLetters.TAG, new StreamRecord<>(element.getValue().deadLetter(), element.getTimestamp()));
            return;
        }
        validCount.inc();
        if (isLate(record.eventTimeMillis())) {
            lateCount.inc();
            output.collect(DeadLetters.TAG, new StreamRecord<>(lateDeadLetter(record), element.getTimestamp()));
            if (onTimeTag != null) {
                output.collect(element.replace(record));
            }
            return;
        }
        // capped at now like the sources' watermarks (SourceWatermarks): after a drained resume, one record
        // dated in the future must not make the coming hour late for everyone
        latestOnTime = Math.max(latestOnTime, Math.min(record.eventTimeMillis(), System.currentTimeMillis()));
        if (onTimeTag != null) {
            output.collect(onTimeTag, new StreamRecord<>(record, element.getTimestamp()));
        }
        output.collect(element.replace(record));
    }

    boolean isLate(long eventTimeMillis) {
        long windowStart = TimeWindow.getWindowStartWithOffset(eventTimeMillis, 0, windowSizeMillis);
        return windowStart + windowSizeMillis - 1 <= watermark;
    }

    private DeadLetter lateDeadLetter(T record) {
        return DeadLetter.of(
                topic,
                record.sourcePartition(),
                record.sourceOffset(),
                RejectCategory.LATE,
                DeadLetters.LATE + ": event time " + Instant.ofEpochMilli(record.eventTimeMillis())
                        + " arrived after its window had been emitted (watermark " + Instant.ofEpochMilli(watermark)
                        + ")",
                DeadLetters.json(record.deadLetterPayload()),
                System.currentTimeMillis());
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        // a restored watermark may be ahead of what the sources say again: lateness never goes back
        watermark = Math.max(watermark, mark.getTimestamp());
        endOfEventTimeForwarded |= mark.getTimestamp() == Long.MAX_VALUE;
        super.processWatermark(mark);
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) throws Exception {
        inputIdle = status.isIdle();
        super.processWatermarkStatus(status);
    }

    /** Called on a draining stop and at the end of a bounded input, never on a stop without drain. */
    @Override
    public void endInput() throws Exception {
        if (endOfEventTimeForwarded) {
            return;
        }
        if (inputIdle) {
            inputIdle = false;
            output.emitWatermarkStatus(WatermarkStatus.ACTIVE);
        }
        processWatermark(Watermark.MAX_WATERMARK);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        progressState.update(List.of(new EventTimeProgress(subtask(), parallelism(), watermark)));
        latestOnTimeState.update(List.of(latestOnTime));
        settingsState.update(List.of(new GateSettings(topic, windowSizeMillis)));
        idleSubtasksState.update(inputIdle ? List.of(subtask()) : List.of());
    }

    private int subtask() {
        return getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    }

    private int parallelism() {
        return getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
    }
}
