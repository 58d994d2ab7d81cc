package io.streamlab.pipeline.producer.publish;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.stream.Stream;

/**
 * Records sorted by a time, stably (records of one time keep the order they were added in), in bounded
 * memory whatever their number: they are held up to {@code budgetBytes}, and beyond that each full
 * buffer is sorted and written to a run file in a temporary directory; reading merges the runs. A replay
 * of a file of any size in event-time order costs the budget in memory and the file's size on disk.
 * Invalid rows are sorted with the records ({@link #addInvalid}), so that a replay reports each when it
 * reaches its place, and a resumed one skips those before its position as it skips the records.
 *
 * <p>Add every record, then {@link #finish()}, then read with {@link #next()}; {@link #close()} deletes
 * the run files.
 */
public final class SortedRecords implements AutoCloseable {
    /** What one held record is counted as beyond its key and value: object headers and references. */
    static final int ENTRY_OVERHEAD_BYTES = 136;
    /** Run files read at once; more runs are merged in passes, so a huge input cannot exhaust file handles. */
    static final int MAX_OPEN_RUNS = 64;

    static final String RUN_DIR_PREFIX = "producer-tool-sort-";
    static final String LOCK_FILE = "lock";

    /** One entry in time order: a record to publish, or ({@code record} null) an invalid row to report. */
    public record Timed(long time, OutgoingRecord record, InvalidRow invalidRow) {
        public Timed(long time, OutgoingRecord record) {
            this(time, record, null);
        }

        /** Where the entry was read: the record's position, or the invalid row's. */
        public SourcePosition position() {
            return record != null ? record.position() : invalidRow.position();
        }
    }

    /** A row that is not published: its line, why, and its place in the order. */
    public record InvalidRow(long line, String reason, SourcePosition position) {}

    private static final byte RECORD = 0;
    private static final byte INVALID_ROW = 1;

    private static final Comparator<Timed> BY_TIME = Comparator.comparingLong(Timed::time);

    private final long budgetBytes;
    private final Path tempParent;
    private List<Timed> held = new ArrayList<>();
    private long heldBytes;
    private Path runDir;
    private FileChannel lockChannel;
    private final List<Path> runs = new ArrayList<>();
    private int runFiles;
    private long size;
    private boolean finished;
    private int nextHeld;
    private PriorityQueue<Run> merge;

    /**
     * @param budgetBytes what the held records may take before they are written to a run
     * @param tempParent  where the run directory is created (only when the budget is exceeded)
     */
    public SortedRecords(long budgetBytes, Path tempParent) {
        if (budgetBytes <= 0) {
            throw new IllegalArgumentException("budgetBytes must be positive: " + budgetBytes);
        }
        this.budgetBytes = budgetBytes;
        this.tempParent = tempParent;
    }

    public void add(long time, OutgoingRecord record) throws IOException {
        hold(new Timed(time, record), 2L * record.key().length() + record.value().length);
    }

    /** An invalid row, read back in its place among the records by {@link #next()}. */
    public void addInvalid(long time, long line, String reason, SourcePosition position) throws IOException {
        hold(new Timed(time, null, new InvalidRow(line, reason, position)), 2L * reason.length());
    }

    private void hold(Timed entry, long contentBytes) throws IOException {
        if (finished) {
            throw new IllegalStateException("add after finish");
        }
        held.add(entry);
        heldBytes += ENTRY_OVERHEAD_BYTES + contentBytes;
        size++;
        if (heldBytes > budgetBytes) {
            spill();
        }
    }

    /** The number of entries added: records and invalid rows. */
    public long size() {
        return size;
    }

    /** The number of run files written (none while everything fits in the budget). */
    public int runs() {
        return runFiles;
    }

    /** Ends the adding; the records can then be read in order. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        if (runs.isEmpty()) {
            held.sort(BY_TIME); // List.sort is stable
            return;
        }
        spill();
        while (runs.size() > MAX_OPEN_RUNS) {
            // merged a group at a time, in order, so each merged run keeps its group's place among the others
            List<Path> merged = new ArrayList<>();
            for (int from = 0; from < runs.size(); from += MAX_OPEN_RUNS) {
                List<Path> group = runs.subList(from, Math.min(runs.size(), from + MAX_OPEN_RUNS));
                merged.add(group.size() == 1 ? group.get(0) : mergeToFile(group));
            }
            runs.clear();
            runs.addAll(merged);
        }
        merge = open(runs);
    }

    private static PriorityQueue<Run> open(List<Path> files) throws IOException {
        // ties go to the earlier run: the records of one time leave in the order they were added
        PriorityQueue<Run> queue = new PriorityQueue<>(
                Comparator.comparingLong((Run r) -> r.head.time()).thenComparingInt(r -> r.index));
        try {
            for (int i = 0; i < files.size(); i++) {
                Run run = new Run(i, files.get(i));
                boolean first;
                try {
                    first = run.advance();
                } catch (IOException e) {
                    run.closeQuietly();
                    throw e;
                }
                if (first) {
                    queue.add(run);
                } else {
                    run.close();
                }
            }
        } catch (IOException e) {
            for (Run run : queue) {
                run.closeQuietly();
            }
            throw e;
        }
        return queue;
    }

    private Path mergeToFile(List<Path> group) throws IOException {
        Path file = runDir.resolve("run-" + runFiles++);
        PriorityQueue<Run> queue = open(group);
        try (DataOutputStream out = output(file)) {
            for (Run run = queue.poll(); run != null; run = queue.poll()) {
                write(out, run.head);
                if (run.advance()) {
                    queue.add(run);
                } else {
                    run.close();
                }
            }
        } finally {
            for (Run run : queue) {
                run.close();
            }
        }
        for (Path merged : group) {
            Files.delete(merged);
        }
        return file;
    }

    /** The next entry in time order, or null after the last. */
    public Timed next() throws IOException {
        if (!finished) {
            throw new IllegalStateException("next before finish");
        }
        if (merge == null) {
            return nextHeld < held.size() ? held.get(nextHeld++) : null;
        }
        Run run = merge.poll();
        if (run == null) {
            return null;
        }
        Timed head = run.head;
        if (run.advance()) {
            merge.add(run);
        } else {
            run.close();
        }
        return head;
    }

    private void spill() throws IOException {
        if (held.isEmpty()) {
            return;
        }
        held.sort(BY_TIME);
        if (runDir == null) {
            removeRunsOfEndedSorts(tempParent);
            runDir = Files.createTempDirectory(tempParent, RUN_DIR_PREFIX);
            lockChannel =
                    FileChannel.open(runDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lockChannel.lock(); // held while this sort lives; the system releases it when the process dies
        }
        Path file = runDir.resolve("run-" + runFiles++);
        try (DataOutputStream out = output(file)) {
            for (Timed t : held) {
                write(out, t);
            }
        }
        runs.add(file);
        held = new ArrayList<>();
        heldBytes = 0;
    }

    /**
     * Deletes the run directories of sorts that ended without closing them (a killed process), best effort:
     * a live sort holds a lock on its directory's lock file (released by the system when its process dies,
     * whatever the process namespace), and a directory that cannot be locked or deleted (another user's) is
     * left alone.
     */
    static void removeRunsOfEndedSorts(Path parent) {
        List<Path> candidates;
        try (Stream<Path> dirs = Files.list(parent)) {
            candidates = dirs.filter(dir -> dir.getFileName().toString().startsWith(RUN_DIR_PREFIX)
                            && Files.isRegularFile(dir.resolve(LOCK_FILE)))
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            return;
        }
        for (Path dir : candidates) {
            try (FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.WRITE);
                    FileLock ended = channel.tryLock()) {
                if (ended != null) {
                    deleteTree(dir);
                }
            } catch (IOException | UncheckedIOException | OverlappingFileLockException e) {
                // in use by this process, or not ours to delete
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static DataOutputStream output(Path file) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
    }

    private static void write(DataOutputStream out, Timed t) throws IOException {
        out.writeLong(t.time());
        if (t.invalidRow() != null) {
            out.writeByte(INVALID_ROW);
            out.writeLong(t.invalidRow().line());
            writeString(out, t.invalidRow().reason());
            writePosition(out, t.invalidRow().position());
            return;
        }
        out.writeByte(RECORD);
        writeString(out, t.record().key());
        out.writeInt(t.record().value().length);
        out.write(t.record().value());
        writePosition(out, t.record().position());
    }

    private static void writeString(DataOutputStream out, String text) throws IOException {
        out.writeInt(text.length());
        out.writeChars(text); // UTF-16 as it is: any string comes back equal
    }

    private static void writePosition(DataOutputStream out, SourcePosition position) throws IOException {
        out.writeBoolean(position != null);
        if (position != null) {
            out.writeLong(position.major());
            out.writeLong(position.minor());
        }
    }

    /** Closes the runs and deletes their directory; best effort, and again and again without harm. */
    @Override
    public void close() {
        if (merge != null) {
            for (Run run : merge) {
                run.closeQuietly();
            }
            merge.clear();
        }
        held = new ArrayList<>();
        if (runDir != null) {
            try {
                deleteTree(runDir);
            } catch (IOException | UncheckedIOException e) {
                // a file left in the temporary directory must not fail a publish that succeeded
            }
            try {
                lockChannel.close(); // releases the lock
            } catch (IOException e) {
                // nothing more to release
            }
            runDir = null;
        }
    }

    /** One run file being merged, with the record it is at. */
    private static final class Run {
        final int index;
        final DataInputStream in;
        Timed head;

        Run(int index, Path file) throws IOException {
            this.index = index;
            this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
        }

        boolean advance() throws IOException {
            long time;
            try {
                time = in.readLong();
            } catch (EOFException end) {
                head = null;
                return false;
            }
            if (in.readByte() == INVALID_ROW) {
                long line = in.readLong();
                String reason = readString();
                head = new Timed(time, null, new InvalidRow(line, reason, readPosition()));
                return true;
            }
            String key = readString();
            byte[] value = new byte[in.readInt()];
            in.readFully(value);
            head = new Timed(time, new OutgoingRecord(key, value, readPosition()));
            return true;
        }

        private String readString() throws IOException {
            char[] chars = new char[in.readInt()];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = in.readChar();
            }
            return new String(chars);
        }

        private SourcePosition readPosition() throws IOException {
            return in.readBoolean() ? new SourcePosition(in.readLong(), in.readLong()) : null;
        }

        void close() throws IOException {
            in.close();
        }

        void closeQuietly() {
            try {
                in.close();
            } catch (IOException e) {
                // closing a file we only read
            }
        }
    }
}
