package io.streamlab.pipeline.producer.tracks;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.streamlab.pipeline.files.IoErrors;
import io.streamlab.pipeline.producer.Console;
import io.streamlab.pipeline.producer.ToolFailure;
import io.streamlab.pipeline.records.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Fetches the Kaggle dataset {@value #DATASET} (file {@value #FILE}) over HTTPS with the Kaggle API and
 * the user's API token: KAGGLE_USERNAME and KAGGLE_KEY, or the kaggle.json file of the Kaggle CLI
 * (in KAGGLE_CONFIG_DIR or ~/.kaggle). A file already downloaded is reused. Kept apart from the rest:
 * it is the only code that needs the internet.
 */
final class KaggleDownload {
    static final String DATASET = "maharshipandya/-spotify-tracks-dataset";
    static final String FILE = "dataset.csv";
    private static final String URL = "https://www.kaggle.com/api/v1/datasets/download/" + DATASET + "/" + FILE;

    private KaggleDownload() {}

    static Path fetch(Path dataDir, Map<String, String> env, Console console) {
        Path target = dataDir.resolve(FILE);
        if (Files.isRegularFile(target)) {
            console.info("Using " + target + " (downloaded before; delete it to download again)");
            return target;
        }
        String credentials = credentials(env);
        console.info("Downloading the Kaggle dataset " + DATASET + " into " + dataDir + " ...");
        HttpClient client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20))
                .build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(URL))
                .header(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofMinutes(5))
                .GET()
                .build();
        Path partial = null;
        try {
            Files.createDirectories(dataDir);
            partial = Files.createTempFile(dataDir, FILE, ".part");
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new ToolFailure("Kaggle answered HTTP " + response.statusCode() + " for " + URL
                            + (response.statusCode() == 401 || response.statusCode() == 403
                                    ? " (check KAGGLE_USERNAME and KAGGLE_KEY)"
                                    : ""));
                }
                Files.copy(body, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            unzipIfNeeded(partial);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            console.info("Downloaded " + target + " (" + Files.size(target) / 1024 + " KiB)");
            return target;
        } catch (IOException e) {
            throw new ToolFailure("Cannot download " + URL + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + " (no network? use --file with a local copy)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolFailure("Download interrupted");
        } finally {
            deleteQuietly(partial);
        }
    }

    /** "user:key" from the environment or kaggle.json; a {@link ToolFailure} when there are none. */
    static String credentials(Map<String, String> env) {
        String user = env.get("KAGGLE_USERNAME");
        String key = env.get("KAGGLE_KEY");
        if (user != null && !user.isBlank() && key != null && !key.isBlank()) {
            return user.trim() + ":" + key.trim();
        }
        Path json = Path.of(
                env.getOrDefault("KAGGLE_CONFIG_DIR", System.getProperty("user.home") + "/.kaggle"), "kaggle.json");
        if (Files.isRegularFile(json)) {
            try {
                JsonNode node = Json.MAPPER.readTree(json.toFile());
                if (node.hasNonNull("username") && node.hasNonNull("key")) {
                    return node.get("username").asText() + ":" + node.get("key").asText();
                }
            } catch (JsonProcessingException e) {
                // the parser's message quotes the token it stopped at, which may be the key
                JsonLocation at = e.getLocation();
                throw new ToolFailure("Cannot read Kaggle credentials from " + json + ": not valid JSON"
                        + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
            } catch (IOException e) {
                throw new ToolFailure(
                        "Cannot read Kaggle credentials from " + json + ": " + IoErrors.describe(e, json));
            }
        }
        throw new ToolFailure(
                "--download needs a Kaggle API token: set KAGGLE_USERNAME and KAGGLE_KEY (or put kaggle.json in ~/.kaggle),"
                        + " or download " + DATASET + " yourself and use --file");
    }

    private static void unzipIfNeeded(Path file) throws IOException {
        byte[] magic = new byte[2];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(magic, 0, 2) < 2 || magic[0] != 'P' || magic[1] != 'K') {
                return;
            }
        }
        Path unzipped = file.resolveSibling(file.getFileName() + ".csv");
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().endsWith(".csv")) {
                    Files.copy(zip, unzipped, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(unzipped, file, StandardCopyOption.REPLACE_EXISTING);
                    return;
                }
            }
        } finally {
            deleteQuietly(unzipped);
        }
        throw new IOException("the downloaded archive holds no CSV file");
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a leftover .part file is harmless
            }
        }
    }
}
