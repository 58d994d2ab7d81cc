package io.streamlab.pipeline.job.tracks;

import io.streamlab.pipeline.datasets.RankedName;
import io.streamlab.pipeline.datasets.TracksSummary;
import io.streamlab.pipeline.records.Track;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The figures the track datasets must hold, computed straight from the tracks with plain Java
 * collections, independently of the job's aggregates.
 */
public final class ExpectedTrackStats {
    private ExpectedTrackStats() {}

    static long windowStart(Track t, long windowMillis) {
        long ms = t.timestamp() * 1000;
        return ms - Math.floorMod(ms, windowMillis);
    }

    static double avg(List<Track> tracks, ToDoubleFunction<Track> f) {
        return tracks.stream().mapToDouble(f).average().orElse(0);
    }

    public static List<String> artistsOf(Track t) {
        Set<String> names = new LinkedHashSet<>();
        for (String s : t.artists().split(";")) {
            if (!s.trim().isEmpty()) {
                names.add(s.trim());
            }
        }
        return new ArrayList<>(names);
    }

    /** Key "windowStart|genre". */
    public static Map<String, GenreStats> genreStats(List<Track> tracks, long windowMillis) {
        Map<String, List<Track>> groups = tracks.stream()
                .collect(Collectors.groupingBy(
                        t -> windowStart(t, windowMillis) + "|" + t.trackGenre(), TreeMap::new, Collectors.toList()));
        Map<String, GenreStats> result = new TreeMap<>();
        groups.forEach((key, g) -> {
            long start = windowStart(g.get(0), windowMillis);
            result.put(
                    key,
                    new GenreStats(
                            start,
                            start + windowMillis,
                            g.get(0).trackGenre(),
                            g.size(),
                            avg(g, Track::popularity),
                            g.stream().mapToInt(Track::popularity).min().orElseThrow(),
                            g.stream().mapToInt(Track::popularity).max().orElseThrow(),
                            avg(g, Track::danceability),
                            avg(g, Track::energy),
                            avg(g, Track::loudness),
                            avg(g, Track::speechiness),
                            avg(g, Track::acousticness),
                            avg(g, Track::instrumentalness),
                            avg(g, Track::liveness),
                            avg(g, Track::valence),
                            avg(g, Track::tempo),
                            avg(g, Track::durationMs),
                            g.stream().filter(Track::explicit).count() / (double) g.size()));
        });
        return result;
    }

    /** Key "windowStart|artist". */
    public static Map<String, ArtistStats> artistStats(List<Track> tracks, long windowMillis) {
        Map<String, List<Track>> groups = new TreeMap<>();
        for (Track t : tracks) {
            for (String artist : artistsOf(t)) {
                groups.computeIfAbsent(windowStart(t, windowMillis) + "|" + artist, k -> new ArrayList<>())
                        .add(t);
            }
        }
        Map<String, ArtistStats> result = new TreeMap<>();
        groups.forEach((key, g) -> {
            long start = windowStart(g.get(0), windowMillis);
            String artist = key.substring(key.indexOf('|') + 1);
            result.put(
                    key,
                    new ArtistStats(
                            start,
                            start + windowMillis,
                            artist,
                            g.size(),
                            avg(g, Track::popularity),
                            g.stream().mapToInt(Track::popularity).max().orElseThrow(),
                            avg(g, Track::danceability),
                            avg(g, Track::energy),
                            avg(g, Track::valence),
                            avg(g, Track::acousticness),
                            avg(g, Track::tempo),
                            (int) g.stream().map(Track::trackGenre).distinct().count()));
        });
        return result;
    }

    /** Key: window start. */
    public static Map<Long, TracksSummary> summaries(List<Track> tracks, long windowMillis) {
        Map<Long, List<Track>> windows = tracks.stream()
                .collect(Collectors.groupingBy(t -> windowStart(t, windowMillis), TreeMap::new, Collectors.toList()));
        Map<Long, TracksSummary> result = new TreeMap<>();
        windows.forEach((start, w) -> {
            Map<String, List<Track>> byGenre = w.stream().collect(Collectors.groupingBy(Track::trackGenre));
            Map<String, List<Track>> byArtist = new TreeMap<>();
            w.forEach(t -> artistsOf(t)
                    .forEach(a ->
                            byArtist.computeIfAbsent(a, k -> new ArrayList<>()).add(t)));
            result.put(
                    start,
                    new TracksSummary(
                            start,
                            start + windowMillis,
                            w.size(),
                            byGenre.size(),
                            byArtist.size(),
                            avg(w, Track::popularity),
                            avg(w, Track::danceability),
                            avg(w, Track::energy),
                            avg(w, Track::loudness),
                            avg(w, Track::speechiness),
                            avg(w, Track::acousticness),
                            avg(w, Track::instrumentalness),
                            avg(w, Track::liveness),
                            avg(w, Track::valence),
                            avg(w, Track::tempo),
                            avg(w, Track::durationMs),
                            w.stream().filter(Track::explicit).count() / (double) w.size(),
                            top(byGenre),
                            top(byArtist)));
        });
        return result;
    }

    private static List<RankedName> top(Map<String, List<Track>> groups) {
        return groups.entrySet().stream()
                .map(e -> new RankedName(e.getKey(), e.getValue().size(), avg(e.getValue(), Track::popularity)))
                .sorted(Comparator.comparingLong(RankedName::trackCount)
                        .reversed()
                        .thenComparing(Comparator.comparingDouble(RankedName::popularityAvg)
                                .reversed())
                        .thenComparing(RankedName::name))
                .limit(10)
                .toList();
    }
}
