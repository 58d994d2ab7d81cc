package io.streamlab.pipeline.producer.publish;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads (parses, generates, writes the JSON of) the next records on a second thread while the caller
 * sends, in chunks through a small bounded queue. Only for unpaced runs: a paced generator must create
 * each record at the moment it is due.
 */
final class Prefetch implements RecordSource {
    private static final int CHUNK = 256;
    private static final Object END = new Object();

    private final RecordSource source;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(8);
    private final Thread reader;
    private List<OutgoingRecord> chunk = List.of();
    private int next;
    private boolean ended;

    Prefetch(RecordSource source) {
        this.source = source;
        this.reader = new Thread(this::read, "producer-tool-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        List<OutgoingRecord> filling = new ArrayList<>(CHUNK);
        try {
            for (OutgoingRecord r = source.next(); r != null; r = source.next()) {
                filling.add(r);
                if (filling.size() == CHUNK) {
                    List<OutgoingRecord> full = filling;
                    filling = new ArrayList<>(CHUNK); // before the put: a failure here must not send it twice
                    queue.put(full);
                }
            }
            queue.put(filling);
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closed: nobody reads any more
        } catch (Throwable e) {
            // whatever ends the reading (an error included, such as running out of memory) must reach the
            // sender, which would otherwise wait for the next chunk forever
            try {
                queue.put(filling); // what was read before the failure is sent, as without the prefetch
                queue.put(
                        e instanceof IOException || e instanceof RuntimeException
                                ? e
                                : new IOException("reading the input failed: " + e, e));
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public OutgoingRecord next() throws IOException {
        while (next == chunk.size()) {
            if (ended) {
                return null;
            }
            Object taken;
            try {
                taken = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading the input", e);
            }
            if (taken == END) {
                ended = true;
            } else if (taken instanceof IOException e) {
                throw e;
            } else if (taken instanceof RuntimeException e) {
                throw e;
            } else {
                @SuppressWarnings("unchecked")
                List<OutgoingRecord> records = (List<OutgoingRecord>) taken;
                chunk = records;
                next = 0;
            }
        }
        return chunk.get(next++);
    }

    @Override
    public double progress() {
        return source.progress();
    }

    /** Stops the reading thread; the source itself belongs to the caller, who closes it. */
    @Override
    public void close() {
        reader.interrupt();
        try {
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
