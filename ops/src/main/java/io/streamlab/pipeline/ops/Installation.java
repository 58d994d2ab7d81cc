package io.streamlab.pipeline.ops;

import io.streamlab.pipeline.cli.ToolVersion;
import io.streamlab.pipeline.files.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The checkout ops runs from: ops runs as {@code <root>/ops/target/ops-<version>.jar} (or from
 * {@code <root>/ops/target/classes} in tests), and finds the other modules' build outputs and
 * {@code conf/} from there, whatever the working directory.
 */
public record Installation(Path root) {
    public static Installation locate() {
        try {
            Path location = Path.of(OpsCli.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            // ops/target/ops-x.jar and ops/target/classes are both three levels below the root
            Path root = location.toAbsolutePath()
                    .normalize()
                    .getParent()
                    .getParent()
                    .getParent();
            return new Installation(root);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Unexpected location of the ops classes", e);
        }
    }

    /** This module's runnable jar, {@code ops/target/ops-<version>.jar}, next to its dependencies in {@code lib/}. */
    public Path opsJar() {
        return built("ops", ".jar", n -> n.matches("ops-.*\\.jar") && !n.endsWith("-tests.jar"));
    }

    /** The shaded job jar: {@code flink-job/target/flink-job-<version>.jar}. */
    public Path jobJar() {
        return built("flink-job", ".jar", n -> n.matches("flink-job-.*\\.jar") && !n.endsWith("-tests.jar"));
    }

    /** The job's Flink runtime for a local cluster (written by flink-job's package phase). */
    public Path jobProvidedClasspath() {
        Path file = root.resolve("flink-job/target/provided-classpath.txt");
        if (!Files.isRegularFile(file)) {
            throw missing(file);
        }
        return file;
    }

    public Path producerJar() {
        return built("producer-tool", ".jar", n -> n.matches("producer-tool-.*\\.jar") && !n.endsWith("-tests.jar"));
    }

    public Path insightsJar() {
        return built("insights", "-cli.jar", n -> n.matches("insights-.*-cli\\.jar"));
    }

    public Path localLogConfig() {
        return root.resolve("conf/log4j2-local.xml");
    }

    /**
     * The jar of a module this version builds; else the newest jar of it (a build of another version); an
     * OpsFailure naming the jar this version builds when there is none. A target folder keeps the jars of
     * an earlier version after the version changes: the newest alone could be either.
     */
    private Path built(String module, String suffix, Predicate<String> name) {
        Path target = root.resolve(module).resolve("target");
        Path ofThisVersion = target.resolve(module + "-" + ToolVersion.projectVersion() + suffix);
        if (Files.isRegularFile(ofThisVersion)) {
            return ofThisVersion;
        }
        Path newest = null;
        long newestTime = Long.MIN_VALUE;
        try (Stream<Path> files = Files.isDirectory(target) ? Files.list(target) : Stream.empty()) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String n = f.getFileName().toString();
                // the shade plugin writes <name>-shaded.jar, then renames it over the jar: never half a jar
                if (!name.test(n) || n.endsWith("-shaded.jar")) {
                    continue;
                }
                OptionalLong time = modified(f);
                if (time.isPresent() && time.getAsLong() > newestTime) {
                    newest = f;
                    newestTime = time.getAsLong();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (newest == null) {
            throw missing(target.resolve(module + "-" + ToolVersion.projectVersion() + suffix));
        }
        return newest;
    }

    /** Empty for a file a build (clean, shade) removed since the listing. */
    private static OptionalLong modified(Path p) {
        try {
            return FileTrees.lastModified(p)
                    .map(t -> OptionalLong.of(t.toEpochMilli()))
                    .orElse(OptionalLong.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static OpsFailure missing(Path what) {
        return new OpsFailure(what + " is missing: build the jars first (./mvnw -B package -DskipTests)");
    }
}
