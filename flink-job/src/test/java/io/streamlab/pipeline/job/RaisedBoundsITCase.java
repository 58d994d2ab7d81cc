package io.streamlab.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.datasets.Dataset;
import io.streamlab.pipeline.datasets.RankedName;
import io.streamlab.pipeline.datasets.TracksSummary;
import io.streamlab.pipeline.datasets.TypeStats;
import io.streamlab.pipeline.datasets.WordCount;
import io.streamlab.pipeline.job.testing.KafkaTopics;
import io.streamlab.pipeline.job.testing.ParquetDatasets;
import io.streamlab.pipeline.job.testing.Rows;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.job.tracks.ArtistStats;
import io.streamlab.pipeline.job.tracks.GenreStats;
import io.streamlab.pipeline.job.tracks.TestTracks;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.EnrichedTicket;
import io.streamlab.pipeline.records.Json;
import io.streamlab.pipeline.records.Track;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code limits.*} bounds raised far above their defaults, end to end: texts at the raised bounds
 * (1,000-character ids, genres and types, 200 artists of 3,000 characters, a 50,000-character subject)
 * go through every window, dataset and team topic whole, and texts one character or one artist above
 * them are dead letters whose reasons name the raised bound. Nothing downstream of the parser assumes
 * the default bounds. ({@code LargeTicketsITCase} does the same for the record and sink sizes.)
 */
class RaisedBoundsITCase {
    private static final int IDS = 1_000;
    private static final int NAMES = 3_000;
    private static final int ARTISTS = 200;
    private static final int GENRES = 1_000;
    private static final int TYPES = 1_000;
    private static final int SUBJECTS = 50_000;
    private static final long T0 = 1_700_000_000L;

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension();

    @TempDir
    Path work;

    @Test
    void textsAtRaisedBoundsReachEveryOutputWholeAndLongerOnesAreDeadLetters() throws Exception {
        List<String> args = new ArrayList<>(TestPipelines.configArgs(KAFKA.bootstrapServers(), work));
        args.addAll(TestPipelines.topicArgs("raised-"));
        args.addAll(List.of(
                "--job.group-id", "raised-group",
                "--job.bounded", "true",
                "--limits.id.max-chars", Integer.toString(IDS),
                "--limits.name.max-chars", Integer.toString(NAMES),
                "--limits.artists.max-per-track", Integer.toString(ARTISTS),
                "--limits.genre.max-chars", Integer.toString(GENRES),
                "--limits.ticket-type.max-chars", Integer.toString(TYPES),
                "--limits.subject.max-chars", Integer.toString(SUBJECTS),
                "--limits.channel.max-chars", Integer.toString(NAMES)));
        PipelineConfig config = PipelineConfig.load(args, Map.of());
        KafkaTopics.createAll(KAFKA.broker(), config);

        List<String> artists = IntStream.range(0, ARTISTS)
                .mapToObj(i -> padded("Artist-" + i + "-", NAMES))
                .toList();
        String genre = padded("genre-", GENRES);
        Track base = TestTracks.generate(1, T0, 1000, 3).get(0);
        Track large = base.toBuilder()
                .trackId(padded("T", IDS))
                .artists(String.join(";", artists))
                .trackName(padded("name-", NAMES))
                .albumName(padded("album-", NAMES))
                .trackGenre(genre)
                .build();
        Track genreTooLong =
                base.toBuilder().trackId("G").trackGenre(genre + "x").build();
        Track tooManyArtists = base.toBuilder()
                .trackId("A")
                .artists(
                        IntStream.rangeClosed(0, ARTISTS).mapToObj(i -> "a" + i).collect(Collectors.joining(";")))
                .build();
        Track artistTooLong = base.toBuilder()
                .trackId("N")
                .artists("short;" + padded("long-", NAMES + 1))
                .build();
        KafkaTopics.publish(
                KAFKA.bootstrapServers(),
                config.topics().tracks(),
                List.of(
                        Map.entry("large", Json.write(large)),
                        Map.entry("genre", Json.write(genreTooLong)),
                        Map.entry("artists", Json.write(tooManyArtists)),
                        Map.entry("artist", Json.write(artistTooLong))));

        String ticketId = padded("K", IDS);
        String type = padded("type_", TYPES);
        String subject = padded("imprimante bloquée encore. ", SUBJECTS);
        KafkaTopics.publish(
                KAFKA.bootstrapServers(),
                config.topics().tickets(),
                List.of(
                        Map.entry("large", ticket(ticketId, type, subject, padded("chan-", NAMES))),
                        Map.entry("type", ticket("TY", type + "x", "s", "email")),
                        Map.entry("subject", ticket("SU", "incident", subject + "x", "email"))));

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.toConfiguration(config));
        PipelineJob.prepare(env, config).execute(config.job().name());

        Path out = Path.of(config.outputDir());
        assertThat(rows(out, Dataset.GENRE_STATS, GenreStats.class))
                .singleElement()
                .satisfies(g -> {
                    assertThat(g.genre()).isEqualTo(genre);
                    assertThat(g.trackCount()).isEqualTo(1);
                });
        List<ArtistStats> artistRows = rows(out, Dataset.ARTIST_STATS, ArtistStats.class);
        assertThat(artistRows).extracting(ArtistStats::artist).containsExactlyInAnyOrderElementsOf(artists);
        assertThat(artistRows).allSatisfy(a -> assertThat(a.trackCount()).isEqualTo(1));
        assertThat(rows(out, Dataset.TRACKS_SUMMARY, TracksSummary.class))
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.trackCount()).isEqualTo(1);
                    assertThat(s.distinctArtists()).isEqualTo(ARTISTS);
                    assertThat(s.topGenres()).extracting(RankedName::name).containsExactly(genre);
                    assertThat(s.topArtists())
                            .hasSize(10)
                            .extracting(RankedName::name)
                            .allSatisfy(name -> assertThat(artists).contains(name));
                });

        assertThat(rows(out, Dataset.TICKETS_ENRICHED, EnrichedTicket.class))
                .singleElement()
                .satisfies(t -> {
                    assertThat(t.ticketId()).isEqualTo(ticketId);
                    assertThat(t.subject()).isEqualTo(subject);
                    assertThat(t.team()).isEqualTo(config.routing().defaultTeam());
                });
        assertThat(rows(out, Dataset.STATS_BY_TYPE, TypeStats.class))
                .singleElement()
                .satisfies(t -> assertThat(t.type()).isEqualTo(type));
        assertThat(rows(out, Dataset.WORD_FREQUENCY, WordCount.class))
                .extracting(WordCount::word)
                .contains("imprimante");
        List<ConsumerRecord<String, String>> routed = KafkaTopics.readCommitted(
                KAFKA.bootstrapServers(),
                config.routing().teamTopics().get(config.routing().defaultTeam()));
        assertThat(routed).extracting(ConsumerRecord::key).containsExactly(ticketId);

        Map<String, String> reasons = rows(out, Dataset.DEAD_LETTERS, DeadLetter.class).stream()
                .collect(Collectors.toMap(DeadLetter::raw, DeadLetter::reason, (a, b) -> a + " | " + b));
        assertThat(reasons).hasSize(5);
        assertThat(rows(out, Dataset.DEAD_LETTERS, DeadLetter.class))
                .extracting(DeadLetter::category)
                .containsOnly("too-long");
        assertThat(reasonOf(reasons, "\"track_id\":\"G\""))
                .contains("track_genre")
                .contains("limits.genre.max-chars (" + GENRES + ")");
        assertThat(reasonOf(reasons, "\"track_id\":\"A\"")).contains("limits.artists.max-per-track (" + ARTISTS + ")");
        assertThat(reasonOf(reasons, "\"track_id\":\"N\"")).contains("limits.name.max-chars (" + NAMES + ")");
        assertThat(reasonOf(reasons, "\"ticket_id\":\"TY\"")).contains("limits.ticket-type.max-chars (" + TYPES + ")");
        assertThat(reasonOf(reasons, "\"ticket_id\":\"SU\"")).contains("limits.subject.max-chars (" + SUBJECTS + ")");
    }

    private static <T extends Record> List<T> rows(Path out, Dataset dataset, Class<T> type) {
        return Rows.as(ParquetDatasets.read(out, dataset.folder()), type);
    }

    private static String reasonOf(Map<String, String> reasonsByRaw, String rawContains) {
        List<String> found = reasonsByRaw.entrySet().stream()
                .filter(e -> e.getKey().contains(rawContains))
                .map(Map.Entry::getValue)
                .toList();
        assertThat(found).as("the dead letter of %s", rawContains).hasSize(1);
        return found.get(0);
    }

    /** {@code prefix} repeated and cut to exactly {@code chars} characters. */
    private static String padded(String prefix, int chars) {
        IntFunction<String> repeat = n -> prefix.repeat(n / prefix.length() + 1);
        return repeat.apply(chars).substring(0, chars);
    }

    private static byte[] ticket(String id, String type, String subject, String channel) {
        String json = "{\"ticket_id\":" + quoted(id) + ",\"client_id\":" + quoted(padded("C", IDS))
                + ",\"created_at\":\"2023-11-14T22:13:20Z\",\"type\":" + quoted(type)
                + ",\"priority\":\"high\",\"subject\":" + quoted(subject) + ",\"description\":\"d\",\"channel\":"
                + quoted(channel) + "}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String quoted(String text) {
        return new String(Json.write(text), StandardCharsets.UTF_8);
    }
}
