package io.streamlab.pipeline.producer.publish;

import io.streamlab.pipeline.producer.Console;
import io.streamlab.pipeline.producer.StopSignal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Sends the records of a {@link RecordSource} to one topic, in batches: records are sent as they are
 * read (the producer groups them, linger 10 ms), and after every {@code batch-size} records the producer
 * is flushed and the batch's outcome checked. Records of the batch that failed with a retriable error
 * are sent again, up to {@code retries} times with exponential backoff (0.5 s, 1 s, 2 s... at most 30 s);
 * a non-retriable error, or a batch still failing after the last retry, ends the run with a failure.
 * A stop request ends reading; what was sent is flushed and counted before returning. Unpaced runs
 * read their input on a second thread ({@link Prefetch}): building and serialising the next records
 * overlaps with sending, which took tracks from about 80k to 95k records/s on 2 cores.
 */
public final class Publisher {
    /** Record header naming the dataset a record belongs to (see {@link DatasetRegistry}). */
    public static final String DATASET_HEADER = "dataset-id";

    private static final long FIRST_BACKOFF_MS = 500;
    private static final long MAX_BACKOFF_MS = 30_000;

    private final Producer<String, byte[]> producer;
    private final PublishOptions options;
    private final Console console;
    private final StopSignal stop;

    public Publisher(Producer<String, byte[]> producer, PublishOptions options, Console console, StopSignal stop) {
        this.producer = producer;
        this.options = options;
        this.console = console;
        this.stop = stop;
    }

    /** The sent records of the current batch and what the producer said about each. */
    private static final class Batch {
        final OutgoingRecord[] records;
        int size;
        final ConcurrentLinkedQueue<Failed> failures = new ConcurrentLinkedQueue<>();
        final AtomicLong acked = new AtomicLong();

        Batch(int capacity) {
            records = new OutgoingRecord[capacity];
        }

        void reset() {
            Arrays.fill(records, 0, size, null);
            size = 0;
            failures.clear();
            acked.set(0);
        }
    }

    private record Failed(int index, Exception error) {}

    /** A batch that could not be published; {@code failed} records of it are lost to this run. */
    private static final class GaveUp extends Exception {
        private static final long serialVersionUID = 1L;
        final int failed;

        GaveUp(int failed, String message) {
            super(message, null, false, false);
            this.failed = failed;
        }
    }

    /**
     * Publishes until the source is exhausted, a stop is requested, or sending fails for good.
     *
     * @param datasetId     written as the {@value #DATASET_HEADER} header of every record; null for none
     * @param expectedTotal number of records expected, for the ETA; 0 or less when unknown
     */
    public PublishResult publish(
            String topic, RecordSource input, Rejects rejects, String datasetId, long expectedTotal) {
        if (options.ratePerSecond() > 0) {
            return publishFrom(topic, input, rejects, datasetId, expectedTotal);
        }
        try (Prefetch prefetched = new Prefetch(input)) {
            return publishFrom(topic, prefetched, rejects, datasetId, expectedTotal);
        }
    }

    private PublishResult publishFrom(
            String topic, RecordSource source, Rejects rejects, String datasetId, long expectedTotal) {
        List<Header> headers = datasetId == null
                ? null
                : List.of(new RecordHeader(DATASET_HEADER, datasetId.getBytes(StandardCharsets.UTF_8)));
        Progress progress = new Progress(console, topic, options.progressInterval(), expectedTotal, source::progress);
        long startNanos = System.nanoTime();
        long read = 0;
        long published = 0;
        long failed = 0;
        boolean exhausted = false;
        boolean interrupted = false;
        String failure = null;
        // a paced run (tickets at --rate) checks its sends about once a second, not once per full batch
        int batchSize = options.ratePerSecond() > 0
                ? (int) Math.max(1, Math.min(options.batchSize(), Math.ceil(options.ratePerSecond())))
                : options.batchSize();
        Batch batch = new Batch(batchSize);
        while (!exhausted && !interrupted && failure == null) {
            batch.reset();
            while (batch.size < batchSize && batch.failures.isEmpty()) {
                if (stop.requested() || (options.ratePerSecond() > 0 && !options.awaitTurn(startNanos, read, stop))) {
                    interrupted = true;
                    break;
                }
                OutgoingRecord record;
                try {
                    record = source.next();
                } catch (IOException | RuntimeException e) {
                    failure = "cannot read the input: " + describe(e);
                    break;
                }
                if (record == null) {
                    exhausted = true;
                    break;
                }
                read++;
                int index = batch.size++;
                batch.records[index] = record;
                send(topic, headers, batch, index);
                progress.update(read);
            }
            try {
                settle(topic, headers, batch);
            } catch (GaveUp e) {
                failed += e.failed;
                failure = e.getMessage();
            }
            published += batch.acked.get();
            if (options.delayMs() > 0
                    && !exhausted
                    && !interrupted
                    && failure == null
                    && stop.sleep(Duration.ofMillis(options.delayMs()))) {
                interrupted = true;
            }
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
        boolean complete = exhausted && failure == null;
        return new PublishResult(
                topic, published, rejects.count(), failed, duration, complete, interrupted && !complete, failure);
    }

    /**
     * Sends record {@code index} of the batch; its outcome lands in the batch. A send that throws (the
     * producer is closed or broken, not an error of this record) counts as a non-retriable failure.
     */
    private void send(String topic, List<Header> headers, Batch batch, int index) {
        OutgoingRecord r = batch.records[index];
        try {
            producer.send(new ProducerRecord<>(topic, null, null, r.key(), r.value(), headers), (metadata, error) -> {
                if (error == null) {
                    batch.acked.incrementAndGet();
                } else {
                    batch.failures.add(new Failed(index, error));
                }
            });
        } catch (RuntimeException e) {
            batch.failures.add(new Failed(index, e));
        }
    }

    /** Flushes, then retries the batch's failed records until none is left or it gives up. */
    private void settle(String topic, List<Header> headers, Batch batch) throws GaveUp {
        producer.flush();
        for (int attempt = 1; !batch.failures.isEmpty(); attempt++) {
            List<Failed> failures = new ArrayList<>(batch.failures);
            batch.failures.clear();
            failures.sort(Comparator.comparingInt(Failed::index));
            Optional<Failed> fatal = failures.stream()
                    .filter(f -> !(f.error() instanceof RetriableException))
                    .findFirst();
            if (fatal.isPresent()) {
                throw new GaveUp(
                        failures.size(),
                        "cannot publish to " + topic + ": "
                                + describe(fatal.get().error()));
            }
            String cause = describe(failures.get(0).error());
            if (attempt > options.retries()) {
                throw new GaveUp(
                        failures.size(),
                        failures.size() + " records could not be published to " + topic + " after " + options.retries()
                                + " retries: " + cause);
            }
            long backoff = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(attempt - 1, 16));
            console.warn(failures.size() + " records of a batch to " + topic + " failed (" + cause + "); retry "
                    + attempt + " of " + options.retries() + " in " + backoff + " ms");
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GaveUp(failures.size(), "interrupted while retrying a batch to " + topic);
            }
            for (int i = 0; i < failures.size(); i++) {
                send(topic, headers, batch, failures.get(i).index());
                if (!batch.failures.isEmpty()) {
                    // still failing (e.g. no leader: each send would block for max.block.ms): the rest of
                    // this round fails with the same error instead of being tried one by one
                    Exception error = batch.failures.peek().error();
                    for (Failed rest : failures.subList(i + 1, failures.size())) {
                        batch.failures.add(new Failed(rest.index(), error));
                    }
                    break;
                }
            }
            producer.flush();
        }
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName()
                + (message == null || message.isBlank()
                        ? ""
                        : ": " + message.lines().findFirst().orElse(""));
    }
}
