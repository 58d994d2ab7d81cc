package io.streamlab.pipeline.producer.tracks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The 114 genres of the Kaggle "Spotify Tracks" dataset, each with the audio-feature profile the
 * synthetic generator draws from (means and spreads), so that genres differ the way they do in the real
 * data: classical is acoustic, instrumental and quiet, metal loud and energetic, comedy mostly speech...
 * Genres of one family get small stable per-genre shifts so that no two are identical.
 */
public record Genre(String name, Culture culture, Family family, Profile profile) {

    /** Where the artist names of a genre come from. */
    public enum Culture {
        EN,
        JA,
        KO,
        ZH,
        PT,
        ES,
        FR,
        DE,
        SV,
        TR,
        FA,
        HI,
        MS
    }

    /** Families share a base profile and a style of artist names. */
    public enum Family {
        CLASSICAL,
        CALM,
        METAL,
        ROCK,
        ELECTRONIC,
        HIPHOP,
        POP,
        LATIN,
        JAZZ_SOUL,
        FOLK,
        COMEDY,
        KIDS,
        WORLD
    }

    /**
     * Means and spreads of one genre's features. Unit features are drawn around their mean and clamped to
     * 0..1; {@code instrumentalShare} is the share of mostly instrumental tracks.
     */
    public record Profile(
            double danceability,
            double energy,
            double loudness,
            double speechiness,
            double acousticness,
            double instrumentalShare,
            double liveness,
            double valence,
            double tempo,
            double tempoSpread,
            double durationSeconds,
            double popularity,
            double explicitShare,
            double majorShare) {

        Profile tempo(double mean, double spread) {
            return new Profile(
                    danceability,
                    energy,
                    loudness,
                    speechiness,
                    acousticness,
                    instrumentalShare,
                    liveness,
                    valence,
                    mean,
                    spread,
                    durationSeconds,
                    popularity,
                    explicitShare,
                    majorShare);
        }

        Profile mood(double newEnergy, double newValence, double newDanceability) {
            return new Profile(
                    newDanceability,
                    newEnergy,
                    loudness,
                    speechiness,
                    acousticness,
                    instrumentalShare,
                    liveness,
                    newValence,
                    tempo,
                    tempoSpread,
                    durationSeconds,
                    popularity,
                    explicitShare,
                    majorShare);
        }

        Profile quiet(double newLoudness, double newInstrumentalShare) {
            return new Profile(
                    danceability,
                    energy,
                    newLoudness,
                    speechiness,
                    acousticness,
                    newInstrumentalShare,
                    liveness,
                    valence,
                    tempo,
                    tempoSpread,
                    durationSeconds,
                    popularity,
                    explicitShare,
                    majorShare);
        }

        Profile popular(double newPopularity, double newExplicitShare) {
            return new Profile(
                    danceability,
                    energy,
                    loudness,
                    speechiness,
                    acousticness,
                    instrumentalShare,
                    liveness,
                    valence,
                    tempo,
                    tempoSpread,
                    durationSeconds,
                    newPopularity,
                    newExplicitShare,
                    majorShare);
        }

        /** Small shifts (a few hundredths) derived from the genre's name: stable across runs and JVMs. */
        Profile nudged(String genre) {
            long h = genre.hashCode() * 0x9E3779B97F4A7C15L;
            return new Profile(
                    unit(danceability + shift(h, 0)),
                    unit(energy + shift(h, 1)),
                    loudness + shift(h, 2) * 20,
                    speechiness,
                    unit(acousticness + shift(h, 3)),
                    instrumentalShare,
                    liveness,
                    unit(valence + shift(h, 4)),
                    tempo + shift(h, 5) * 100,
                    tempoSpread,
                    durationSeconds * (1 + shift(h, 6) * 2),
                    Math.max(5, popularity + shift(h, 7) * 100),
                    explicitShare,
                    majorShare);
        }

        private static double shift(long hash, int i) {
            return (((hash >>> (i * 7)) & 0x7F) / 127.0 - 0.5) * 0.1; // -0.05 .. +0.05
        }

        private static double unit(double v) {
            return Math.max(0.02, Math.min(0.98, v));
        }
    }

    private static final Map<Family, Profile> BASE = Map.ofEntries(
            Map.entry(
                    Family.CLASSICAL,
                    new Profile(0.30, 0.15, -21, 0.045, 0.92, 0.75, 0.14, 0.20, 102, 28, 330, 26, 0.0, 0.62)),
            Map.entry(
                    Family.CALM,
                    new Profile(0.38, 0.20, -19, 0.045, 0.80, 0.65, 0.12, 0.20, 105, 25, 240, 30, 0.005, 0.58)),
            Map.entry(
                    Family.METAL,
                    new Profile(0.38, 0.92, -5, 0.09, 0.01, 0.15, 0.22, 0.25, 128, 30, 260, 24, 0.12, 0.48)),
            Map.entry(
                    Family.ROCK,
                    new Profile(0.48, 0.75, -7, 0.055, 0.12, 0.08, 0.20, 0.50, 124, 28, 230, 34, 0.06, 0.66)),
            Map.entry(
                    Family.ELECTRONIC,
                    new Profile(0.67, 0.79, -6.5, 0.07, 0.05, 0.45, 0.18, 0.42, 126, 10, 300, 30, 0.04, 0.52)),
            Map.entry(
                    Family.HIPHOP,
                    new Profile(0.74, 0.65, -6.5, 0.22, 0.15, 0.02, 0.19, 0.50, 116, 25, 200, 45, 0.45, 0.55)),
            Map.entry(
                    Family.POP,
                    new Profile(0.63, 0.68, -6, 0.06, 0.20, 0.02, 0.16, 0.56, 120, 25, 210, 48, 0.07, 0.65)),
            Map.entry(
                    Family.LATIN,
                    new Profile(0.70, 0.69, -6, 0.08, 0.30, 0.03, 0.20, 0.68, 114, 25, 215, 40, 0.10, 0.60)),
            Map.entry(
                    Family.JAZZ_SOUL,
                    new Profile(0.58, 0.52, -9, 0.06, 0.45, 0.12, 0.17, 0.60, 112, 25, 240, 30, 0.03, 0.62)),
            Map.entry(
                    Family.FOLK,
                    new Profile(0.53, 0.40, -10, 0.04, 0.70, 0.05, 0.15, 0.42, 116, 27, 220, 33, 0.03, 0.72)),
            Map.entry(
                    Family.COMEDY,
                    new Profile(0.56, 0.65, -11, 0.85, 0.80, 0.0, 0.75, 0.50, 100, 25, 180, 22, 0.50, 0.60)),
            Map.entry(
                    Family.KIDS,
                    new Profile(0.62, 0.50, -9, 0.08, 0.45, 0.05, 0.18, 0.70, 116, 25, 170, 25, 0.0, 0.75)),
            Map.entry(
                    Family.WORLD,
                    new Profile(0.60, 0.58, -8.5, 0.07, 0.38, 0.10, 0.18, 0.56, 115, 25, 235, 28, 0.04, 0.60)));

    /** The 114 genres, alphabetically, as in the Kaggle dataset. */
    public static final List<Genre> ALL = build();

    public static List<String> names() {
        return ALL.stream().map(Genre::name).toList();
    }

    private static List<Genre> build() {
        List<Genre> g = new ArrayList<>();
        add(g, "acoustic", Family.FOLK);
        add(g, "afrobeat", Family.WORLD, p -> p.mood(0.70, 0.72, 0.74));
        add(g, "alt-rock", Family.ROCK);
        add(g, "alternative", Family.ROCK, p -> p.popular(40, 0.08));
        add(g, "ambient", Family.CALM, p -> p.quiet(-22, 0.80));
        add(g, "anime", Family.POP, Culture.JA, p -> p.mood(0.80, 0.50, 0.52));
        add(g, "black-metal", Family.METAL, p -> p.popular(15, 0.05));
        add(g, "bluegrass", Family.FOLK, p -> p.mood(0.55, 0.62, 0.55));
        add(g, "blues", Family.JAZZ_SOUL);
        add(g, "brazil", Family.LATIN, Culture.PT);
        add(g, "breakbeat", Family.ELECTRONIC, p -> p.tempo(132, 12));
        add(g, "british", Family.ROCK);
        add(g, "cantopop", Family.POP, Culture.ZH, p -> p.mood(0.50, 0.42, 0.55));
        add(g, "chicago-house", Family.ELECTRONIC, p -> p.tempo(124, 4));
        add(g, "children", Family.KIDS);
        add(g, "chill", Family.FOLK, p -> p.mood(0.38, 0.42, 0.62));
        add(g, "classical", Family.CLASSICAL);
        add(g, "club", Family.ELECTRONIC, p -> p.popular(38, 0.10));
        add(g, "comedy", Family.COMEDY);
        add(g, "country", Family.FOLK, p -> p.mood(0.62, 0.55, 0.58).popular(42, 0.05));
        add(g, "dance", Family.POP, p -> p.mood(0.75, 0.58, 0.72).popular(52, 0.08));
        add(g, "dancehall", Family.HIPHOP, p -> p.mood(0.68, 0.65, 0.78).tempo(100, 20));
        add(g, "death-metal", Family.METAL);
        add(g, "deep-house", Family.ELECTRONIC, p -> p.tempo(122, 4));
        add(g, "detroit-techno", Family.ELECTRONIC, p -> p.tempo(130, 6).popular(12, 0.0));
        add(g, "disco", Family.JAZZ_SOUL, p -> p.mood(0.72, 0.78, 0.72).tempo(120, 10));
        add(g, "disney", Family.KIDS, p -> p.popular(40, 0.0));
        add(g, "drum-and-bass", Family.ELECTRONIC, p -> p.tempo(172, 6).mood(0.88, 0.35, 0.52));
        add(g, "dub", Family.WORLD, p -> p.mood(0.55, 0.62, 0.72).tempo(90, 20));
        add(g, "dubstep", Family.ELECTRONIC, p -> p.tempo(140, 5).mood(0.85, 0.35, 0.55));
        add(g, "edm", Family.ELECTRONIC, p -> p.popular(40, 0.05));
        add(g, "electro", Family.ELECTRONIC);
        add(g, "electronic", Family.ELECTRONIC);
        add(g, "emo", Family.ROCK, p -> p.mood(0.80, 0.32, 0.45).popular(40, 0.12));
        add(g, "folk", Family.FOLK);
        add(g, "forro", Family.LATIN, Culture.PT, p -> p.mood(0.62, 0.78, 0.66));
        add(g, "french", Family.WORLD, Culture.FR, p -> p.popular(30, 0.10));
        add(g, "funk", Family.JAZZ_SOUL, p -> p.mood(0.70, 0.72, 0.75));
        add(g, "garage", Family.ROCK, p -> p.mood(0.82, 0.52, 0.45));
        add(g, "german", Family.WORLD, Culture.DE, p -> p.popular(32, 0.10));
        add(g, "gospel", Family.JAZZ_SOUL, p -> p.mood(0.55, 0.55, 0.50).popular(25, 0.0));
        add(g, "goth", Family.ROCK, p -> p.mood(0.70, 0.28, 0.45));
        add(g, "grindcore", Family.METAL, p -> p.tempo(170, 30).popular(12, 0.15));
        add(g, "groove", Family.JAZZ_SOUL, p -> p.mood(0.65, 0.68, 0.72));
        add(g, "grunge", Family.ROCK, p -> p.mood(0.80, 0.38, 0.40));
        add(g, "guitar", Family.FOLK, p -> p.quiet(-13, 0.55));
        add(g, "happy", Family.POP, p -> p.mood(0.75, 0.82, 0.65));
        add(g, "hard-rock", Family.ROCK, p -> p.mood(0.88, 0.45, 0.45));
        add(g, "hardcore", Family.METAL, p -> p.mood(0.93, 0.35, 0.42));
        add(g, "hardstyle", Family.ELECTRONIC, p -> p.tempo(150, 5).mood(0.92, 0.30, 0.50));
        add(g, "heavy-metal", Family.METAL, p -> p.popular(28, 0.06));
        add(g, "hip-hop", Family.HIPHOP, p -> p.popular(48, 0.50));
        add(g, "honky-tonk", Family.FOLK, p -> p.mood(0.55, 0.65, 0.60));
        add(g, "house", Family.ELECTRONIC, p -> p.tempo(124, 4));
        add(g, "idm", Family.ELECTRONIC, p -> p.mood(0.55, 0.30, 0.50).quiet(-11, 0.70));
        add(g, "indian", Family.WORLD, Culture.HI, p -> p.popular(38, 0.02));
        add(g, "indie", Family.FOLK, p -> p.mood(0.55, 0.40, 0.55).popular(40, 0.06));
        add(g, "indie-pop", Family.POP, p -> p.mood(0.60, 0.48, 0.60));
        add(g, "industrial", Family.METAL, p -> p.mood(0.85, 0.30, 0.55));
        add(g, "iranian", Family.WORLD, Culture.FA, p -> p.quiet(-11, 0.25).popular(15, 0.0));
        add(g, "j-dance", Family.ELECTRONIC, Culture.JA, p -> p.popular(25, 0.02));
        add(g, "j-idol", Family.POP, Culture.JA, p -> p.mood(0.85, 0.65, 0.62).popular(30, 0.0));
        add(g, "j-pop", Family.POP, Culture.JA);
        add(g, "j-rock", Family.ROCK, Culture.JA, p -> p.mood(0.86, 0.50, 0.48));
        add(g, "jazz", Family.JAZZ_SOUL, p -> p.quiet(-12, 0.30).popular(28, 0.01));
        add(g, "k-pop", Family.POP, Culture.KO, p -> p.mood(0.75, 0.60, 0.68).popular(55, 0.04));
        add(g, "kids", Family.KIDS);
        add(g, "latin", Family.LATIN, Culture.ES, p -> p.popular(50, 0.18));
        add(g, "latino", Family.LATIN, Culture.ES, p -> p.popular(50, 0.18));
        add(g, "malay", Family.WORLD, Culture.MS, p -> p.popular(22, 0.01));
        add(g, "mandopop", Family.POP, Culture.ZH, p -> p.mood(0.48, 0.38, 0.55));
        add(g, "metal", Family.METAL);
        add(g, "metalcore", Family.METAL, p -> p.popular(35, 0.10));
        add(
                g,
                "minimal-techno",
                Family.ELECTRONIC,
                p -> p.tempo(126, 4).mood(0.68, 0.28, 0.76).quiet(-9, 0.75));
        add(g, "mpb", Family.LATIN, Culture.PT, p -> p.mood(0.48, 0.58, 0.60));
        add(g, "new-age", Family.CALM, p -> p.quiet(-18, 0.70));
        add(g, "opera", Family.CLASSICAL, p -> p.mood(0.28, 0.22, 0.25).quiet(-16, 0.15));
        add(g, "pagode", Family.LATIN, Culture.PT, p -> p.mood(0.72, 0.75, 0.68).popular(38, 0.04));
        add(g, "party", Family.POP, p -> p.mood(0.82, 0.68, 0.75).popular(45, 0.20));
        add(g, "piano", Family.CALM, p -> p.quiet(-20, 0.85));
        add(g, "pop", Family.POP, p -> p.popular(60, 0.10));
        add(g, "pop-film", Family.POP, Culture.HI, p -> p.popular(58, 0.01));
        add(g, "power-pop", Family.ROCK, p -> p.mood(0.80, 0.62, 0.52));
        add(g, "progressive-house", Family.ELECTRONIC, p -> p.tempo(126, 3));
        add(g, "psych-rock", Family.ROCK, p -> p.mood(0.65, 0.48, 0.45).quiet(-9, 0.25));
        add(g, "punk", Family.ROCK, p -> p.mood(0.90, 0.55, 0.45).tempo(160, 25));
        add(g, "punk-rock", Family.ROCK, p -> p.mood(0.90, 0.55, 0.45).tempo(158, 25));
        add(g, "r-n-b", Family.JAZZ_SOUL, p -> p.mood(0.55, 0.48, 0.68).popular(42, 0.20));
        add(g, "reggae", Family.WORLD, p -> p.mood(0.58, 0.72, 0.75).tempo(96, 22));
        add(
                g,
                "reggaeton",
                Family.LATIN,
                Culture.ES,
                p -> p.mood(0.74, 0.62, 0.78).tempo(95, 12).popular(52, 0.25));
        add(g, "rock", Family.ROCK, p -> p.popular(45, 0.05));
        add(g, "rock-n-roll", Family.ROCK, p -> p.mood(0.75, 0.70, 0.58));
        add(g, "rockabilly", Family.ROCK, p -> p.mood(0.72, 0.75, 0.60));
        add(g, "romance", Family.FOLK, Culture.ES, p -> p.mood(0.35, 0.40, 0.48));
        add(g, "sad", Family.FOLK, p -> p.mood(0.30, 0.18, 0.50).popular(45, 0.10));
        add(g, "salsa", Family.LATIN, Culture.ES, p -> p.mood(0.75, 0.82, 0.68).tempo(180, 15));
        add(g, "samba", Family.LATIN, Culture.PT, p -> p.mood(0.70, 0.78, 0.65));
        add(g, "sertanejo", Family.LATIN, Culture.PT, p -> p.popular(45, 0.02));
        add(g, "show-tunes", Family.KIDS, p -> p.mood(0.45, 0.52, 0.48));
        add(g, "singer-songwriter", Family.FOLK, p -> p.mood(0.38, 0.40, 0.52));
        add(g, "ska", Family.WORLD, p -> p.mood(0.82, 0.78, 0.65).tempo(150, 25));
        add(
                g,
                "sleep",
                Family.CALM,
                p -> p.mood(0.06, 0.08, 0.20).quiet(-30, 0.90).popular(30, 0.0));
        add(g, "songwriter", Family.FOLK, p -> p.mood(0.38, 0.40, 0.52));
        add(g, "soul", Family.JAZZ_SOUL, p -> p.popular(35, 0.03));
        add(g, "spanish", Family.WORLD, Culture.ES, p -> p.popular(38, 0.08));
        add(g, "study", Family.CALM, p -> p.mood(0.25, 0.25, 0.55).quiet(-17, 0.85));
        add(g, "swedish", Family.WORLD, Culture.SV, p -> p.popular(30, 0.06));
        add(g, "synth-pop", Family.POP, p -> p.mood(0.70, 0.55, 0.62));
        add(
                g,
                "tango",
                Family.LATIN,
                Culture.ES,
                p -> p.mood(0.38, 0.45, 0.58).quiet(-12, 0.30).popular(22, 0.0));
        add(
                g,
                "techno",
                Family.ELECTRONIC,
                p -> p.tempo(130, 5).mood(0.80, 0.30, 0.70).quiet(-8, 0.65));
        add(g, "trance", Family.ELECTRONIC, p -> p.tempo(136, 4).mood(0.85, 0.35, 0.58));
        add(
                g,
                "trip-hop",
                Family.ELECTRONIC,
                p -> p.tempo(92, 15).mood(0.48, 0.35, 0.62).quiet(-10, 0.35));
        add(g, "turkish", Family.WORLD, Culture.TR, p -> p.popular(32, 0.04));
        add(g, "world-music", Family.WORLD, p -> p.quiet(-11, 0.25));
        return Collections.unmodifiableList(g);
    }

    private static void add(List<Genre> genres, String name, Family family) {
        add(genres, name, family, Culture.EN, p -> p);
    }

    private static void add(List<Genre> genres, String name, Family family, Culture culture) {
        add(genres, name, family, culture, p -> p);
    }

    private static void add(List<Genre> genres, String name, Family family, UnaryOperator<Profile> adjust) {
        add(genres, name, family, Culture.EN, adjust);
    }

    private static void add(
            List<Genre> genres, String name, Family family, Culture culture, UnaryOperator<Profile> adjust) {
        genres.add(
                new Genre(name, culture, family, adjust.apply(BASE.get(family)).nudged(name)));
    }
}
