package io.streamlab.pipeline.ops.local;

import io.streamlab.pipeline.files.FileTrees;
import io.streamlab.pipeline.files.InUse;
import io.streamlab.pipeline.ops.Installation;
import io.streamlab.pipeline.ops.OpsFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A private, unchanging copy of what a local run executes: the ops, job, producer-tool and insights jars,
 * the job's classpath list and {@code conf/}. A local run lives for days, and a build in the checkout
 * meanwhile rewrites {@code target/} (or {@code mvn clean} deletes it): a JVM whose jar changes under it
 * fails at its next class load, and so does every restart of the job after it. run-local.sh starts ops
 * from this copy, so ops, its broker, the job, the producer and the live view all run from it.
 *
 * <p>A copy's folder is named by a fingerprint of what it holds (paths, sizes, modification times): a
 * new build gets a new folder, and a folder is never written again once it is complete. A run holds a
 * lock on its copy's {@value #IN_USE} for as long as it lives ({@link #holdWhileRunning}), so a run still
 * going on an older copy keeps its files, however many builds were staged since; of the copies no run
 * holds, the {@link #KEPT} most recently staged are kept. Until 2026-12-03 only the time of staging
 * counted: two builds staged during a run of days deleted the copy it ran from.
 */
public final class StagedInstallation {
    /** This run's copy and the one before it (a run started before the latest build may still be going). */
    static final int KEPT = 2;

    private static final int ATTEMPTS = 3;
    private static final Duration ABANDONED = Duration.ofHours(1);
    private static final String INCOMPLETE = ".incomplete-";
    static final String IN_USE = ".in-use";
    private static final String COPY_NAME = "[0-9a-f]{12}";

    private StagedInstallation() {}

    /** {@code StagedInstallation <staging folder>}: copies the installation this class runs from, prints the copy's root. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: StagedInstallation <staging folder>");
            System.exit(2);
        }
        try {
            System.out.println(stage(Installation.locate(), Path.of(args[0])));
        } catch (OpsFailure | IOException | UncheckedIOException e) {
            System.err.println("cannot copy the build to " + args[0] + ": " + e.getMessage());
            System.exit(1);
        }
    }

    /** The root of a complete copy of {@code from} under {@code staging}; made only if no copy of this build exists. */
    static Path stage(Installation from, Path staging) throws IOException {
        Path root = staging.toAbsolutePath().normalize();
        Files.createDirectories(root);
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Map<Path, Stamp> files = contents(from);
            String fingerprint = fingerprint(from.root(), files);
            Path copy = root.resolve(fingerprint);
            if (!Files.isDirectory(copy)) {
                Path incomplete = root.resolve(
                        INCOMPLETE + fingerprint + "-" + ProcessHandle.current().pid());
                FileTrees.deleteRecursively(incomplete);
                boolean copied = copyAll(from.root(), files.keySet(), incomplete)
                        && fingerprint(from.root(), contents(from)).equals(fingerprint);
                if (!copied) { // a build changed or removed files while they were copied: copy its result again
                    FileTrees.deleteRecursively(incomplete);
                    continue;
                }
                try {
                    Files.move(incomplete, copy, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | DirectoryNotEmptyException anotherRunCopiedItFirst) {
                    FileTrees.deleteRecursively(incomplete);
                }
            }
            Files.setLastModifiedTime(copy, FileTime.from(Instant.now()));
            prune(root, copy);
            return copy;
        }
        throw new OpsFailure(
                "the build changed " + ATTEMPTS + " times while it was copied: let it finish, then start again");
    }

    /**
     * Marks the copy {@code running} runs from as in use until this process ends (nothing when it runs from
     * a checkout, not from a copy): no later staging deletes it.
     */
    public static void holdWhileRunning(Installation running) {
        Path root = running.root();
        if (root.getFileName() != null && root.getFileName().toString().matches(COPY_NAME)) {
            if (!InUse.holdUntilExit(root.resolve(IN_USE))) {
                System.err.println("ops local: cannot lock " + root.resolve(IN_USE)
                        + " (a file system without locks?): a run-local.sh started while this run goes on may"
                        + " delete the copy it runs from");
            }
        }
    }

    /** A file's size and modification time, read once: what tells one build of it from another. */
    record Stamp(long size, long modifiedMillis) {}

    /** Every file a local run reads from the installation, with its stamp. */
    static Map<Path, Stamp> contents(Installation from) throws IOException {
        Map<Path, Stamp> contents = new TreeMap<>();
        Path opsJar = from.opsJar();
        for (Path file :
                List.of(opsJar, from.jobJar(), from.jobProvidedClasspath(), from.producerJar(), from.insightsJar())) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                contents.put(file, stamp(attributes));
            } catch (NoSuchFileException removedByABuild) {
                // the fingerprint after the copy differs, and the copy is made again
            }
        }
        for (Path folder : List.of(opsJar.resolveSibling("lib"), from.root().resolve("conf"))) {
            FileTrees.forEachFile(folder, (file, attributes) -> contents.put(file, stamp(attributes)));
        }
        return contents;
    }

    private static Stamp stamp(BasicFileAttributes attributes) {
        return new Stamp(attributes.size(), attributes.lastModifiedTime().toMillis());
    }

    private static boolean copyAll(Path from, Iterable<Path> files, Path to) throws IOException {
        for (Path file : files) {
            Path target = to.resolve(from.relativize(file).toString());
            Files.createDirectories(target.getParent());
            try {
                Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
            } catch (NoSuchFileException removedByABuild) {
                return false;
            }
        }
        return true;
    }

    private static String fingerprint(Path root, Map<Path, Stamp> files) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        for (Map.Entry<Path, Stamp> file : files.entrySet()) {
            Stamp stamp = file.getValue();
            String line = root.relativize(file.getKey()) + "\0" + stamp.size() + "\0" + stamp.modifiedMillis() + "\n";
            digest.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 6);
    }

    /**
     * Deletes all but the {@link #KEPT} most recently staged copies that no run holds, and copies abandoned
     * half-way. A copy without a lock file was never run (or ran before the lock existed).
     */
    private static void prune(Path root, Path current) throws IOException {
        List<Path> copies = new ArrayList<>();
        Instant abandoned = Instant.now().minus(ABANDONED);
        try (Stream<Path> children = Files.list(root)) {
            for (Path child : (Iterable<Path>) children::iterator) {
                String name = child.getFileName().toString();
                if (name.matches(COPY_NAME)) {
                    copies.add(child);
                } else if (name.startsWith(INCOMPLETE)
                        && FileTrees.lastModified(child)
                                .filter(t -> t.isBefore(abandoned))
                                .isPresent()) {
                    FileTrees.deleteRecursively(child);
                }
            }
        }
        copies.sort(Comparator.comparing(StagedInstallation::lastUsed).reversed());
        int others = 0;
        for (Path copy : copies) {
            if (copy.equals(current)) {
                continue;
            }
            Path lock = copy.resolve(IN_USE);
            if (Files.exists(lock) && !InUse.nobodyHolds(lock)) {
                continue; // a run going on it, or one whose lock cannot be told: kept, and not counted
            }
            if (++others >= KEPT) {
                FileTrees.deleteRecursively(copy);
            }
        }
    }

    private static Instant lastUsed(Path copy) {
        try {
            return FileTrees.lastModified(copy).orElse(Instant.EPOCH);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
