package io.streamlab.pipeline.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** What the end-to-end tests share: the repository, YAML and POM reading, processes, REST calls. */
public final class Repository {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Repository() {}

    /** The repository root (tests run in e2e-tests/). */
    public static Path root() {
        Path root = Path.of("..").toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("docker-compose.yml"))
                || !Files.isDirectory(root.resolve("savepoints"))) {
            throw new IllegalStateException("Not the repository root: " + root + " (tests run in e2e-tests/)");
        }
        return root;
    }

    // ------------------------------------------------------------------------------------ YAML

    /** Parses YAML (Flink's own parser library) and applies merge keys ({@code <<: *anchor}) like Compose does. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> yaml(Path file) {
        try {
            Object doc = new Load(
                            LoadSettings.builder().setLabel(file.toString()).build())
                    .loadFromString(Files.readString(file));
            return (Map<String, Object>) resolveMerges(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Object resolveMerges(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            Object merge = map.get("<<");
            if (merge != null) {
                List<Object> sources = merge instanceof List<?> l ? new ArrayList<>(l) : List.of(merge);
                // earlier maps of the list win over later ones, explicit keys over all of them
                for (int i = sources.size() - 1; i >= 0; i--) {
                    out.putAll((Map<String, Object>) resolveMerges(sources.get(i)));
                }
            }
            map.forEach((k, v) -> {
                if (!"<<".equals(k)) {
                    out.put(String.valueOf(k), resolveMerges(v));
                }
            });
            return out;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(Repository::resolveMerges).toList();
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object node, String what) {
        if (!(node instanceof Map)) {
            throw new AssertionError(what + " is not a mapping: " + node);
        }
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object node, String what) {
        if (!(node instanceof List)) {
            throw new AssertionError(what + " is not a list: " + node);
        }
        return (List<Object>) node;
    }

    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}");

    /** A Compose value as Compose sees it when none of the variables is set: ${VAR:-default} gives default. */
    public static String interpolateDefaults(String value) {
        Matcher m = INTERPOLATION.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(2) == null ? "" : m.group(2)));
        }
        m.appendTail(out);
        return out.toString();
    }

    // ------------------------------------------------------------------------------------ Maven

    /** A value of a pom: {@code artifactId}, {@code version} (or the parent's), {@code properties/x}. */
    public static String pom(Path pomFile, String path) {
        try {
            Element project = DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .parse(pomFile.toFile())
                    .getDocumentElement();
            String value = child(project, path);
            if (value == null && path.equals("version")) {
                value = child(project, "parent/version");
            }
            if (value == null) {
                throw new AssertionError("No " + path + " in " + pomFile);
            }
            return value.trim();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read " + pomFile + ": " + e, e);
        }
    }

    private static String child(Element element, String path) {
        Element current = element;
        for (String name : path.split("/")) {
            Element next = null;
            for (Node n = current.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && e.getTagName().equals(name)) {
                    next = e;
                    break;
                }
            }
            if (next == null) {
                return null;
            }
            current = next;
        }
        return current.getTextContent();
    }

    /** The jar Maven builds for a module: target/artifactId-version.jar. */
    public static String builtJar(String module) {
        Path pom = root().resolve(module).resolve("pom.xml");
        return module + "/target/" + pom(pom, "artifactId") + "-" + pom(pom, "version") + ".jar";
    }

    // ------------------------------------------------------------------------------------ processes

    /** What a process printed and how it ended. */
    public record Result(int exit, String stdout, String stderr) {
        public String all() {
            return "exit " + exit + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }

        /** The last line of stdout: a command's result (a job id, a savepoint location). */
        public String lastLine() {
            String[] lines = stdout.strip().split("\n");
            return lines[lines.length - 1].strip();
        }
    }

    public static Result run(Path dir, Map<String, String> env, Duration timeout, List<String> command) {
        try {
            Path out = Files.createTempFile("e2e-out", ".txt");
            Path err = Files.createTempFile("e2e-err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish within " + timeout.toSeconds() + " s:\n"
                        + Files.readString(out) + "\n" + Files.readString(err));
            }
            Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The java binary of this JVM, for child JVMs. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    // ------------------------------------------------------------------------------------ network

    /** A free port whose next port is free too: the embedded broker takes N, its controller N + 1. */
    public static int freePortPair() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = freePort();
            try (ServerSocket next = new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no two free neighbouring ports");
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GET on a REST address: the status and the body parsed as JSON (null when not JSON). */
    public record Http(int status, JsonNode json, String body) {}

    public static Http get(String url) {
        try {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(30))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode json;
            try {
                json = JSON.readTree(r.body());
            } catch (IOException notJson) {
                json = null;
            }
            return new Http(r.statusCode(), json, r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static boolean reachable(String url) {
        try {
            get(url);
            return true;
        } catch (UncheckedIOException e) {
            return false;
        }
    }
}
