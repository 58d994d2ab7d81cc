package io.streamlab.pipeline.snapshots;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.files.FileTrees;
import io.streamlab.pipeline.files.IoErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The savepoints and retained checkpoints of one {@link Deployment} in its local directories: the
 * newest one to resume from, and retention so they do not fill the disk. Snapshots of other deployments
 * in the same directories are never listed, resumed from or deleted. A snapshot is complete when its
 * {@code _metadata} file exists (Flink writes it last); incomplete ones are never resumed from.
 */
public final class Snapshots {
    public enum Kind {
        SAVEPOINT,
        CHECKPOINT
    }

    /**
     * A complete snapshot. {@code jobId} is the whole id for a checkpoint, the 6 digits Flink keeps in a
     * savepoint's name otherwise; {@code checkpoint} is the checkpoint's number (0 for a savepoint).
     */
    public record Snapshot(Kind kind, Path path, String jobId, long checkpoint, Instant time) {
        /** The location as Flink takes it in {@code execution.state-recovery.path}. */
        public String uri() {
            return flinkUri(path);
        }
    }

    private static final Pattern SAVEPOINT = Pattern.compile("savepoint-([0-9a-f]{6})-[0-9a-f]+");
    private static final Pattern JOB_DIR = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern CHECKPOINT = Pattern.compile("chk-(\\d+)");
    private static final String METADATA = "_metadata";
    private static final Comparator<Snapshot> NEWEST_FIRST = Comparator.comparing(Snapshot::time)
            .thenComparingLong(Snapshot::checkpoint)
            .reversed();

    private final Deployment deployment;
    private final Optional<Path> checkpointDir;
    private final Optional<Path> savepointDir;

    public Snapshots(Deployment deployment, String checkpointDir, String savepointDir) {
        this.deployment = deployment;
        this.checkpointDir = localPath(checkpointDir);
        this.savepointDir = localPath(savepointDir);
    }

    public static Snapshots of(PipelineConfig config) {
        return new Snapshots(
                Deployment.of(config),
                config.faultTolerance().checkpointDir(),
                config.faultTolerance().savepointDir());
    }

    /**
     * A directory as a local path: a plain path, or a {@code file:} URI. Empty for other file systems
     * (s3://, hdfs://), which this class does not list.
     */
    public static Optional<Path> localPath(String dirOrUri) {
        String s = dirOrUri.trim();
        if (s.regionMatches(true, 0, "file:", 0, "file:".length())) {
            // Flink takes the rest literally, "%20" included (see flinkUri)
            String rest = s.substring("file:".length());
            // file:///a, file://localhost/a and file:/a all name /a
            rest = rest.replaceFirst("^//(localhost)?(?=/)", "");
            return Optional.of(Path.of(rest.isEmpty() ? "/" : rest));
        }
        if (s.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(s));
    }

    /**
     * A local path as Flink reads it back: {@code file:} and the absolute path as it is. Flink does not
     * decode percent escapes, so {@link Path#toUri()}'s {@code file:///a%20b} named a folder {@code a%20b}
     * to it: in a checkout whose path holds a space, the job wrote its checkpoints and output beside the
     * folders the local run and ops look in, and could not restore a snapshot they named.
     */
    public static String flinkUri(Path local) {
        return "file:" + local.toAbsolutePath().normalize();
    }

    public Deployment deployment() {
        return deployment;
    }

    /** Whether both directories are local, so that this class sees every snapshot. */
    public boolean local() {
        return checkpointDir.isPresent() && savepointDir.isPresent();
    }

    /** The complete savepoints of this deployment in the savepoint directory, newest first. */
    public List<Snapshot> savepoints() {
        return savepoints(true);
    }

    /**
     * The newest complete savepoint in the savepoint directory that another deployment wrote: what is left
     * there when {@code job.name} or {@code checkpoint.dir}, which make the deployment, changed.
     */
    public Optional<Snapshot> newestSavepointOfAnotherDeployment() {
        return savepoints(false).stream().findFirst();
    }

    /** The complete savepoints in the savepoint directory of this deployment, or of any other; newest first. */
    private List<Snapshot> savepoints(boolean ours) {
        List<Snapshot> found = new ArrayList<>();
        for (Path dir : children(savepointDir)) {
            Matcher m = SAVEPOINT.matcher(dir.getFileName().toString());
            if (m.matches() && deployment.started(m.group(1)) == ours) {
                completed(dir).ifPresent(time -> found.add(new Snapshot(Kind.SAVEPOINT, dir, m.group(1), 0, time)));
            }
        }
        found.sort(NEWEST_FIRST);
        return found;
    }

    /**
     * Why a deployment without snapshots must not start over while {@code another} (from
     * {@link #newestSavepointOfAnotherDeployment}) exists, and how to go on: {@code resume} and
     * {@code fresh} name the options of the command.
     */
    public static String anotherDeploymentsSavepoint(Snapshot another, String resume, String fresh) {
        return "no savepoint or checkpoint of this deployment (job.name and checkpoint.dir) to resume from, but "
                + another.path() + " is a savepoint of another one: did job.name or checkpoint.dir change? Starting"
                + " over would read the topics from job.start-from again, and route every ticket read again to"
                + " the team topics a second time. Resume it (" + resume + " " + another.path()
                + "; a savepoint keeps its state under a new job.name or checkpoint.dir), or pass " + fresh
                + " to start over.";
    }

    /** The complete retained checkpoints of this deployment's jobs, newest first. */
    public List<Snapshot> checkpoints() {
        List<Snapshot> found = new ArrayList<>();
        for (Path jobDir : jobDirs()) {
            found.addAll(checkpointsIn(jobDir));
        }
        found.sort(NEWEST_FIRST);
        return found;
    }

    /** The newest complete snapshot, savepoint or checkpoint: the one a restart resumes from. */
    public Optional<Snapshot> newest() {
        return Stream.concat(savepoints().stream(), checkpoints().stream()).min(NEWEST_FIRST);
    }

    /** As {@link #prune(int, Set, Set)}, with nothing else protected. */
    public List<Path> prune(int keep, Set<String> activeJobIds) {
        return prune(keep, activeJobIds, Set.of());
    }

    /**
     * Keeps the newest {@code keep} savepoints and the checkpoint folders of the {@code keep} earlier
     * jobs with the newest complete checkpoints; deletes the older ones. Jobs in {@code activeJobIds}
     * (still running on a cluster) keep their folder whatever its age: Flink itself bounds their
     * checkpoints. A savepoint or job folder that holds one of {@code protectedPaths} (the snapshot a run
     * is about to resume from) is kept too. Incomplete savepoints are left alone, one may be being written.
     *
     * <p>A job folder without a complete checkpoint (Flink creates one for every start, also for a start
     * that fails while restoring, and a job stopped with a savepoint before its first checkpoint leaves
     * one) does not count among the {@code keep}: it is deleted once it is older than the newest snapshot,
     * and of the newer ones the newest {@code keep} stay. Until 2026-12-02 such folders counted, ranked by their own
     * time, so three failed resumes of a crashed job's checkpoint pushed that checkpoint, the newest
     * snapshot, out of the retention. Returns what was deleted.
     */
    public List<Path> prune(int keep, Set<String> activeJobIds, Set<Path> protectedPaths) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1, not " + keep);
        }
        List<Path> deleted = new ArrayList<>();
        List<Snapshot> savepoints = savepoints();
        for (Snapshot old : savepoints.subList(Math.min(keep, savepoints.size()), savepoints.size())) {
            if (!holdsAny(old.path(), protectedPaths)) {
                delete(old.path());
                deleted.add(old.path());
            }
        }
        List<Path> withCheckpoints = new ArrayList<>();
        List<EarlierJob> withoutCheckpoints = new ArrayList<>();
        for (EarlierJob job : earlierJobsNewestFirst(activeJobIds)) {
            if (job.hasCheckpoint()) {
                withCheckpoints.add(job.dir());
            } else {
                withoutCheckpoints.add(job);
            }
        }
        List<Path> old = new ArrayList<>(
                withCheckpoints.subList(Math.min(keep, withCheckpoints.size()), withCheckpoints.size()));
        // a folder without a complete checkpoint holds nothing to resume: it goes once it predates the
        // newest snapshot, and of the newer ones (failed starts since) only the newest keep stay
        Instant newest = newest().map(Snapshot::time).orElse(Instant.MIN);
        int newer = 0;
        for (EarlierJob job : withoutCheckpoints) {
            if (job.lastUse().isBefore(newest) || ++newer > keep) {
                old.add(job.dir());
            }
        }
        for (Path dir : old) {
            if (!holdsAny(dir, protectedPaths)) {
                delete(dir);
                deleted.add(dir);
            }
        }
        return deleted;
    }

    private static boolean holdsAny(Path dir, Set<Path> paths) {
        Path folder = canonical(dir);
        return paths.stream().map(Snapshots::canonical).anyMatch(p -> p.startsWith(folder));
    }

    /** The same folder however it was named: through a symbolic link, with "..", relative. */
    private static Path canonical(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException notThere) {
            return p.toAbsolutePath().normalize();
        }
    }

    /** Deletes every savepoint and the checkpoints of every earlier job of this deployment. */
    public List<Path> deleteAll(Set<String> activeJobIds) {
        List<Path> deleted = new ArrayList<>(deleteCheckpoints(activeJobIds));
        for (Path dir : children(savepointDir)) {
            Matcher m = SAVEPOINT.matcher(dir.getFileName().toString());
            if (m.matches() && deployment.started(m.group(1))) {
                delete(dir);
                deleted.add(dir);
            }
        }
        return deleted;
    }

    /** Deletes the checkpoint folders of every earlier job of this deployment. */
    public List<Path> deleteCheckpoints(Set<String> activeJobIds) {
        List<Path> deleted = new ArrayList<>();
        for (Path dir : earlierJobsNewestFirst(activeJobIds).stream()
                .map(EarlierJob::dir)
                .toList()) {
            delete(dir);
            deleted.add(dir);
        }
        return deleted;
    }

    /**
     * The folder of an earlier job: when it was last used is the time of its newest complete checkpoint,
     * or the folder's own time when it has none.
     */
    private record EarlierJob(Path dir, boolean hasCheckpoint, Instant lastUse) {}

    private List<EarlierJob> earlierJobsNewestFirst(Set<String> activeJobIds) {
        List<EarlierJob> jobs = new ArrayList<>();
        for (Path jobDir : jobDirs()) {
            if (!activeJobIds.contains(jobDir.getFileName().toString())) {
                Optional<Instant> newest =
                        checkpointsIn(jobDir).stream().map(Snapshot::time).max(Comparator.naturalOrder());
                jobs.add(new EarlierJob(jobDir, newest.isPresent(), newest.orElseGet(() -> modified(jobDir))));
            }
        }
        jobs.sort(Comparator.comparing(EarlierJob::lastUse).reversed());
        return jobs;
    }

    private List<Path> jobDirs() {
        return children(checkpointDir).stream()
                .filter(d -> JOB_DIR.matcher(d.getFileName().toString()).matches())
                .filter(d -> deployment.started(d.getFileName().toString()))
                .toList();
    }

    private static List<Snapshot> checkpointsIn(Path jobDir) {
        List<Snapshot> found = new ArrayList<>();
        String jobId = jobDir.getFileName().toString();
        for (Path chk : children(Optional.of(jobDir))) {
            Matcher m = CHECKPOINT.matcher(chk.getFileName().toString());
            if (m.matches()) {
                completed(chk)
                        .ifPresent(time ->
                                found.add(new Snapshot(Kind.CHECKPOINT, chk, jobId, Long.parseLong(m.group(1)), time)));
            }
        }
        return found;
    }

    private static Optional<Instant> completed(Path snapshot) {
        // one read of the metadata's attributes: Flink deletes a subsumed checkpoint while it is listed
        try {
            BasicFileAttributes metadata = Files.readAttributes(snapshot.resolve(METADATA), BasicFileAttributes.class);
            return metadata.isRegularFile()
                    ? Optional.of(metadata.lastModifiedTime().toInstant())
                    : Optional.empty();
        } catch (NoSuchFileException notThere) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + snapshot.resolve(METADATA), e);
        }
    }

    /** When {@code path} last changed; a path deleted meanwhile counts as the oldest. */
    private static Instant modified(Path path) {
        try {
            return FileTrees.lastModified(path).orElse(Instant.EPOCH);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the time of " + path, e);
        }
    }

    private static List<Path> children(Optional<Path> dir) {
        if (dir.isEmpty() || !Files.isDirectory(dir.get())) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir.get())) {
            return entries.filter(Files::isDirectory).sorted().toList();
        } catch (NoSuchFileException gone) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir.get() + ": " + IoErrors.describe(e, dir.get()), e);
        }
    }

    private static void delete(Path dir) {
        try {
            FileTrees.deleteRecursively(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir + ": " + IoErrors.describe(e, dir), e);
        }
    }
}
