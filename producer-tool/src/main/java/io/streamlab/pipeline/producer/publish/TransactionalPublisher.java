package io.streamlab.pipeline.producer.publish;

import io.streamlab.pipeline.producer.Console;
import io.streamlab.pipeline.producer.StopSignal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Publishes a dataset that has an id so that it is on its topic completely, or partly and resumable
 * exactly where it stopped, whenever the run ends (see {@link DatasetRegistry}). Records are sent by a
 * transactional producer as they are read, in chunks: a chunk ends after {@code commit-interval}
 * (1 s) or {@value #MAX_CHUNK_RECORDS} records, then the dataset's progress marker (records committed
 * so far, complete or not) is sent in the same transaction and the transaction is committed.
 *
 * <p>A chunk whose sends or commit fail is aborted and sent again from memory, up to {@code retries}
 * times with exponential backoff (0.5 s, 1 s, 2 s... at most 30 s); a producer that cannot abort is
 * closed and a new one initialised, after which the marker tells whether the failed commit went
 * through. A non-retriable error, or a chunk still failing after the last retry, ends the run with a
 * failure; a stop request ends reading and commits what was read. Unpaced runs read their input on a
 * second thread ({@link Prefetch}), as {@link Publisher} does.
 */
public final class TransactionalPublisher implements AutoCloseable {
    /** Most records in one transaction: what a failed chunk keeps in memory to send again. */
    public static final int MAX_CHUNK_RECORDS = 100_000;

    private static final long FIRST_BACKOFF_MS = 500;
    private static final long MAX_BACKOFF_MS = 30_000;

    private final Supplier<Producer<String, byte[]>> producers;
    private final DatasetRegistry registry;
    private final PublishOptions options;
    private final Console console;
    private final StopSignal stop;
    private Producer<String, byte[]> producer;

    // per run
    private String topic;
    private List<Header> headers;
    /** The marker this run last committed, or the one it started from (same topic id, records so far). */
    private DatasetRegistry.Marker last;
    /** The marker on the marker topic as far as this run knows: null when there is none. */
    private DatasetRegistry.Marker onTopic;
    /** The offsets of the last transaction committed, per partition (data and marker). */
    private Map<TopicPartition, Long> lastCommit = Map.of();

    /**
     * @param producers creates a transactional producer and initialises its transactions, which fences
     *                  an older producer of the same transactional id and aborts its open transaction
     */
    public TransactionalPublisher(
            Supplier<Producer<String, byte[]>> producers,
            DatasetRegistry registry,
            PublishOptions options,
            Console console,
            StopSignal stop) {
        this.producers = producers;
        this.registry = registry;
        this.options = options;
        this.console = console;
        this.stop = stop;
    }

    /** Initialises the producer (fencing a killed run's) unless it is already; throws what Kafka threw. */
    public void open() {
        if (producer == null) {
            producer = producers.get();
        }
    }

    private void discard() {
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (RuntimeException ignored) {
                // closing a broken producer: nothing more to do
            }
            producer = null;
        }
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
            producer = null;
        }
    }

    /** The topic was deleted, or deleted and created again, during the run: a next run starts over. */
    private boolean topicReplaced;

    /** Why a chunk is given up. */
    private static final class GaveUp extends Exception {
        private static final long serialVersionUID = 1L;

        GaveUp(String message) {
            super(message, null, false, false);
        }
    }

    /** A stop request while a chunk waited to be retried. */
    private static final class Stopped extends Exception {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super(null, null, false, false);
        }
    }

    /** One transaction: begun with its first send; the first error of any send or of the commit. */
    private final class Txn {
        private final AtomicReference<Throwable> error = new AtomicReference<>();
        /** The highest offset written per partition: when the commit is visible, these are readable. */
        private final Map<TopicPartition, Long> offsets = new ConcurrentHashMap<>();

        private boolean begun;

        void send(ProducerRecord<String, byte[]> record) {
            if (error.get() != null) {
                return;
            }
            try {
                if (!begun) {
                    producer.beginTransaction();
                    begun = true;
                }
                producer.send(record, (metadata, e) -> {
                    if (e != null) {
                        error.compareAndSet(null, e);
                    } else {
                        offsets.merge(
                                new TopicPartition(metadata.topic(), metadata.partition()),
                                metadata.offset(),
                                Math::max);
                    }
                });
            } catch (RuntimeException e) {
                error.compareAndSet(null, e);
            }
        }

        void send(OutgoingRecord r) {
            send(new ProducerRecord<>(topic, null, null, r.key(), r.value(), headers));
        }

        void commit() {
            if (error.get() != null) {
                return;
            }
            try {
                producer.commitTransaction();
            } catch (RuntimeException e) {
                error.compareAndSet(null, e);
            }
        }

        Throwable error() {
            return error.get();
        }

        /** Aborts; false when the producer could not, and must be replaced. */
        boolean abort() {
            if (!begun) {
                return error.get() == null; // beginTransaction itself failed: the producer is unusable
            }
            try {
                producer.abortTransaction();
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }
    }

    /**
     * Publishes until the source is exhausted, a stop is requested, or sending fails for good. {@link #open()}
     * must have been called.
     *
     * @param base          the marker to continue: {@code base.records()} records were committed before and are
     *                      skipped from the source (0 for a dataset published from its start)
     * @param onTopic       the marker on the marker topic now (null for none): with --force, not {@code base}
     * @param expectedTotal number of records of the whole dataset, for the ETA; 0 or less when unknown
     */
    public PublishResult publish(
            String topic,
            RecordSource input,
            Rejects rejects,
            DatasetRegistry.Marker base,
            DatasetRegistry.Marker onTopic,
            long expectedTotal) {
        this.topic = topic;
        this.headers = List.of(
                new RecordHeader(Publisher.DATASET_HEADER, base.datasetId().getBytes(StandardCharsets.UTF_8)));
        this.last = base;
        this.onTopic = onTopic;
        long startNanos = System.nanoTime();
        boolean interrupted = false;
        String failure = null;
        try {
            interrupted = !skipCommitted(input);
        } catch (IOException | RuntimeException e) {
            failure = "cannot read the input: " + Publisher.describe(e);
        }
        if (options.ratePerSecond() > 0 || input.paced() || interrupted || failure != null) {
            return publishFrom(input, rejects, expectedTotal, startNanos, interrupted, failure);
        }
        try (Prefetch prefetched = new Prefetch(input)) {
            return publishFrom(prefetched, rejects, expectedTotal, startNanos, false, null);
        }
    }

    /**
     * Reads and drops the records earlier runs committed: through the position of the last one, or, for an
     * input without positions (a generator, deterministic for its dataset id) or a marker written before
     * positions existed, as many records as the marker counts. False when a stop was requested first.
     */
    private boolean skipCommitted(RecordSource source) throws IOException {
        if (last.position() != null) {
            return source.skipThrough(last.position(), stop);
        }
        if (last.records() > 0 && source.hasPositions()) {
            console.warn("the progress marker of this dataset was written by an earlier version of producer-tool:"
                    + " resuming after its " + last.records() + " records by counting the valid rows. This version"
                    + " checks rows more strictly: if it refuses a row the earlier one published, rows are skipped."
                    + " To be sure, finish the publish with the earlier version.");
        }
        for (long i = 0; i < last.records(); i++) {
            if ((i & 1023) == 0 && stop.requested()) {
                return false;
            }
            if (source.skipNext() == null) {
                break; // fewer records than committed: the next read ends the dataset
            }
        }
        return true;
    }

    private PublishResult publishFrom(
            RecordSource source,
            Rejects rejects,
            long expectedTotal,
            long startNanos,
            boolean interrupted,
            String failure) {
        long skip = last.records();
        boolean exhausted = false;
        Progress progress = new Progress(
                console,
                topic,
                options.progressInterval(),
                expectedTotal > 0 ? Math.max(1, expectedTotal - skip) : 0,
                source::progress);
        boolean paced = source.paced();
        long paceStart = System.nanoTime();
        long intervalNanos = Math.max(1, options.commitInterval().toNanos());
        long read = 0;
        long published = 0;
        long failed = 0;
        List<OutgoingRecord> chunk = new ArrayList<>();
        while (!exhausted && !interrupted && failure == null) {
            chunk.clear();
            Txn txn = new Txn();
            long chunkStart = System.nanoTime();
            boolean pauseAfterCommit = false;
            while (chunk.size() < MAX_CHUNK_RECORDS && System.nanoTime() - chunkStart < intervalNanos) {
                if (stop.requested()) {
                    interrupted = true;
                    break;
                }
                if (options.ratePerSecond() > 0) {
                    // no transaction stays open through a wait past the interval: the broker aborts one open
                    // longer than its timeout, and read_committed readers of the topic wait for it meanwhile
                    if (!chunk.isEmpty()
                            && System.nanoTime() + options.nanosUntilTurn(paceStart, read) - chunkStart
                                    >= intervalNanos) {
                        break;
                    }
                    if (!options.awaitTurn(paceStart, read, stop)) {
                        interrupted = true;
                        break;
                    }
                }
                OutgoingRecord record;
                try {
                    if (paced && !chunk.isEmpty() && source.nanosUntilNextDue() > 0) {
                        break; // what was sent is committed now: each record is visible when it is due
                    }
                    record = source.next();
                } catch (IOException | RuntimeException e) {
                    failure = "cannot read the input: " + Publisher.describe(e);
                    break;
                }
                if (record == null) {
                    exhausted = true;
                    break;
                }
                read++;
                chunk.add(record);
                txn.send(record);
                progress.update(published + chunk.size());
                if (options.delayMs() > 0 && read % options.batchSize() == 0) {
                    // a pause that would keep the transaction open past the interval comes after the commit
                    if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.delayMs()) - chunkStart
                            >= intervalNanos) {
                        pauseAfterCommit = true;
                        break;
                    }
                    if (stop.sleep(Duration.ofMillis(options.delayMs()))) {
                        interrupted = true;
                        break;
                    }
                }
            }
            if (chunk.isEmpty() && !exhausted) {
                txn.abort();
                break;
            }
            if (chunk.isEmpty() && last.records() == 0) {
                // a dataset of no record never counts as published: no marker saying it is complete at 0
                // records, which a next run would only resume "at record 0"
                txn.abort();
                break;
            }
            // what was read is committed, also when reading stopped or failed: the next run resumes after it
            try {
                commit(txn, chunk, exhausted && failure == null);
                published += chunk.size();
            } catch (GaveUp e) {
                failed += chunk.size();
                failure = failure == null ? e.getMessage() : failure + "; " + e.getMessage();
            } catch (Stopped e) {
                failed += chunk.size();
                interrupted = true;
            }
            if (pauseAfterCommit
                    && !exhausted
                    && !interrupted
                    && failure == null
                    && stop.sleep(Duration.ofMillis(options.delayMs()))) {
                interrupted = true;
            }
        }
        // commitTransaction returns once the commit is decided; its markers reach the partitions a moment
        // later. Wait for them, so that what this run reports is what a read_committed reader then sees.
        if (!lastCommit.isEmpty() && !registry.awaitCommitted(lastCommit)) {
            console.warn(
                    "the last commit is not yet visible to read_committed readers (Kafka completes it on its own)");
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
        boolean complete = exhausted && failure == null && !interrupted;
        return new PublishResult(
                topic,
                published,
                rejects.count(),
                failed,
                duration,
                complete,
                interrupted && !complete,
                failure,
                skip,
                topicReplaced ? 0 : last.records());
    }

    /**
     * Commits the chunk (already sent in {@code first}) with its progress marker, retrying it in new
     * transactions; on success {@link #last} and {@link #onTopic} are the marker committed.
     */
    private void commit(Txn first, List<OutgoingRecord> chunk, boolean lastChunk) throws GaveUp, Stopped {
        Txn txn = first;
        Throwable error = null;
        DatasetRegistry.Marker pending = null; // a commit whose outcome is unknown: the marker will tell
        for (int attempt = 0; ; attempt++) {
            if (attempt > 0) {
                if (isFatal(error)) {
                    throw new GaveUp("cannot publish to " + topic + ": " + describe(error));
                }
                String cause = describe(error);
                if (attempt > options.retries()) {
                    throw new GaveUp(chunk.size() + " records could not be published to " + topic + " after "
                            + options.retries() + " retries: " + cause);
                }
                long backoff = backoffMs(attempt);
                console.warn(chunk.size() + " records of a transaction to " + topic + " failed (" + cause + "); retry "
                        + attempt + " of " + options.retries() + " in " + backoff + " ms");
                if (stop.sleep(Duration.ofMillis(backoff))) {
                    throw new Stopped();
                }
                if (producer == null) {
                    try {
                        open();
                        Optional<DatasetRegistry.Marker> now = markerNow();
                        if (pending != null && now.isPresent() && now.get().equals(pending)) {
                            last = pending; // the commit that seemed to fail went through
                            onTopic = pending;
                            return;
                        }
                        if (!now.equals(Optional.ofNullable(onTopic))) {
                            throw new GaveUp("another run is publishing this dataset to " + topic
                                    + " (its progress marker changed while this run retried); this run stops");
                        }
                    } catch (RuntimeException e) {
                        error = e;
                        discard();
                        continue;
                    }
                }
                pending = null;
                txn = new Txn();
                for (OutgoingRecord r : chunk) {
                    txn.send(r);
                }
            }
            DatasetRegistry.Marker next = last.advanced(
                    last.records() + chunk.size(),
                    lastChunk,
                    chunk.isEmpty()
                            ? last.position()
                            : chunk.get(chunk.size() - 1).position());
            // A topic deleted and created again (by hand, by auto-creation) while this run published holds
            // this chunk and not the earlier ones, and the next run, finding another topic id, would publish
            // the whole dataset again into it: its records here would be there twice.
            Optional<String> replaced = registry.replaced(last);
            if (replaced.isPresent()) {
                txn.abort();
                discard();
                // nothing of the dataset is on the topic as it is now, and there is no commit of it to wait for
                topicReplaced = true;
                lastCommit = Map.of();
                throw new GaveUp(topic + " " + replaced.get() + " while this run published to it: this run's"
                        + " last " + chunk.size() + " records were not committed, and what it committed before went"
                        + " with the earlier topic. Run it again: it publishes the whole dataset to the topic as it"
                        + " is now");
            }
            txn.send(DatasetRegistry.record(next));
            txn.commit();
            error = txn.error();
            if (error == null) {
                last = next;
                onTopic = next;
                lastCommit = Map.copyOf(txn.offsets);
                return;
            }
            if (!txn.abort()) {
                pending = next;
                discard();
            }
        }
    }

    /**
     * The dataset's marker on the marker topic now. One that cannot be read counts as none: it is the one a
     * --force run started over (no commit of this run went through yet), or not the one this run committed.
     */
    private Optional<DatasetRegistry.Marker> markerNow() {
        try {
            return registry.find(topic, last.datasetId());
        } catch (DatasetRegistry.UnreadableMarkerException e) {
            return Optional.empty();
        }
    }

    /** The pause before retry {@code attempt} (from 1): 0.5 s, 1 s, 2 s... at most 30 s. */
    static long backoffMs(int attempt) {
        return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(attempt - 1, 16));
    }

    /** Errors that retrying cannot cure: rights, sizes, configuration. Everything else is retried. */
    static boolean isFatal(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof AuthorizationException
                    || e instanceof AuthenticationException
                    || e instanceof RecordTooLargeException
                    || e instanceof InvalidTopicException
                    || e instanceof UnsupportedVersionException
                    || e instanceof SerializationException
                    || e instanceof InvalidConfigurationException) {
                return true;
            }
            if (e.getCause() == e) {
                break;
            }
        }
        return false;
    }

    /** The error a person should read: a plain KafkaException ("in an error state") names its cause. */
    static String describe(Throwable error) {
        Throwable e = error;
        while (e.getClass() == KafkaException.class && e.getCause() != null && e.getCause() != e) {
            e = e.getCause();
        }
        return Publisher.describe(e);
    }
}
