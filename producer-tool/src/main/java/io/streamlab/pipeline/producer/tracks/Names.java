package io.streamlab.pipeline.producer.tracks;

import io.streamlab.pipeline.producer.tracks.Genre.Culture;
import io.streamlab.pipeline.producer.tracks.Genre.Family;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Plausible (invented) artist names and titles for the synthetic tracks: per genre a pool of artists in
 * the style of its family (bands, DJs, rappers, orchestras) and the language of its culture (Japanese,
 * Korean, Portuguese... with their scripts and accents), plus crossover artists that appear in several
 * genres. Pools come from a fixed seed, so the same artists appear whatever the run's seed.
 */
final class Names {
    private static final long POOL_SEED = 0x5107_1FADL;
    private static final int ARTISTS_PER_GENRE = 40;
    private static final int CROSSOVER_ARTISTS = 60;

    private record People(String[] given, String[] family, boolean familyFirst) {}

    private static final Map<Culture, People> PEOPLE = Map.ofEntries(
            Map.entry(
                    Culture.EN,
                    new People(
                            new String[] {
                                "Ava", "Liam", "Maya", "Noah", "Chloe", "Ethan", "Ruby", "Owen", "Isla", "Caleb",
                                "Hazel", "Jude", "Nora", "Miles", "Ivy", "Felix", "June", "Theo", "Stella", "Silas",
                                "Aaliyah", "Marcus", "Grace", "Leo", "Piper", "Jasper", "Willow", "Dante", "Sadie",
                                "Rhys", "Tessa", "Malik", "Quinn", "Eliza", "Nico", "Maeve", "Otis", "Jolene", "Darius",
                                "Lana", "Emmett", "Skye"
                            },
                            new String[] {
                                "Hart",
                                "Reyes",
                                "Cole",
                                "Monroe",
                                "Walker",
                                "Quinn",
                                "Hayes",
                                "Brooks",
                                "Sutton",
                                "Vale",
                                "Carver",
                                "Ellis",
                                "Finch",
                                "Lowell",
                                "Mercer",
                                "Shaw",
                                "Wilder",
                                "Blake",
                                "Harlow",
                                "O'Neill",
                                "Bishop",
                                "Dalton",
                                "Everett",
                                "Fletcher",
                                "Gray",
                                "Holloway",
                                "Jennings",
                                "Kingsley",
                                "Lane",
                                "Maddox",
                                "Nash",
                                "Pruitt",
                                "Ramsey",
                                "Sloane",
                                "Thorne",
                                "Underwood",
                                "Vance",
                                "Whitlock",
                                "York",
                                "Zeller"
                            },
                            false)),
            Map.entry(
                    Culture.JA,
                    new People(
                            new String[] {
                                "Yuki", "Haruto", "Aoi", "Ren", "Sakura", "Sora", "Hina", "Kaito", "ゆき", "蒼", "結衣", "美桜"
                            },
                            new String[] {
                                "Sato", "Suzuki", "Takahashi", "Tanaka", "Nakamura", "佐藤", "鈴木", "高橋", "星野", "小林"
                            },
                            true)),
            Map.entry(
                    Culture.KO,
                    new People(
                            new String[] {"Ji-woo", "Min-jun", "Seo-yeon", "Ha-eun", "Do-yun", "Yu-na", "지우", "민준", "서연"
                            },
                            new String[] {"Kim", "Lee", "Park", "Choi", "Jung", "Kang", "김", "박", "이"},
                            true)),
            Map.entry(
                    Culture.ZH,
                    new People(
                            new String[] {"Mei", "Jia", "Hao", "Wei", "Yan", "Ling", "美琪", "家豪", "心怡"},
                            new String[] {"Chan", "Wong", "Lam", "Cheung", "Wang", "Chen", "陈", "林", "王"},
                            true)),
            Map.entry(
                    Culture.PT,
                    new People(
                            new String[] {
                                "João",
                                "Ana",
                                "Thiago",
                                "Beatriz",
                                "Lucas",
                                "Mariana",
                                "Rafael",
                                "Luíza",
                                "Zé",
                                "Conceição"
                            },
                            new String[] {
                                "Silva", "Santos", "Oliveira", "Souza", "Lima", "Carvalho", "Araújo", "Gonçalves"
                            },
                            false)),
            Map.entry(
                    Culture.ES,
                    new People(
                            new String[] {
                                "Sofía",
                                "Mateo",
                                "Valentina",
                                "Diego",
                                "Camila",
                                "Joaquín",
                                "Lucía",
                                "Andrés",
                                "Nicolás"
                            },
                            new String[] {"García", "Martínez", "López", "Hernández", "Díaz", "Muñoz", "Rojas", "Peña"},
                            false)),
            Map.entry(
                    Culture.FR,
                    new People(
                            new String[] {
                                "Camille", "Louis", "Léa", "Hugo", "Chloé", "Théo", "Manon", "Jules", "Zoé", "Gaël"
                            },
                            new String[] {
                                "Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Laurent", "Fontaine", "Rousseau"
                            },
                            false)),
            Map.entry(
                    Culture.DE,
                    new People(
                            new String[] {"Lena", "Jonas", "Mia", "Felix", "Hannah", "Lukas", "Jörg", "Paul"},
                            new String[] {
                                "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Schäfer", "Groß"
                            },
                            false)),
            Map.entry(
                    Culture.SV,
                    new People(
                            new String[] {"Elsa", "Oskar", "Maja", "Viktor", "Alva", "Hugo", "Saga", "Axel"},
                            new String[] {
                                "Lindqvist",
                                "Andersson",
                                "Johansson",
                                "Nyström",
                                "Ekström",
                                "Berg",
                                "Sjöberg",
                                "Åkesson"
                            },
                            false)),
            Map.entry(
                    Culture.TR,
                    new People(
                            new String[] {"Elif", "Emre", "Zeynep", "Burak", "Defne", "Mert", "Ayşe", "Kaan"},
                            new String[] {"Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın", "Arslan"},
                            false)),
            Map.entry(
                    Culture.FA,
                    new People(
                            new String[] {"Shirin", "Dariush", "Leila", "Kian", "Mahsa", "Arash", "Niloufar", "Omid"},
                            new String[] {"Ahmadi", "Hosseini", "Karimi", "Rahimi", "Moradi", "Tehrani", "Farahani"},
                            false)),
            Map.entry(
                    Culture.HI,
                    new People(
                            new String[] {
                                "Aarav", "Priya", "Vikram", "Ananya", "Rohan", "Kavya", "Arjun", "Ishita", "Shreya"
                            },
                            new String[] {"Sharma", "Iyer", "Kapoor", "Reddy", "Mehta", "Nair", "Chatterjee", "Rao"},
                            false)),
            Map.entry(
                    Culture.MS,
                    new People(
                            new String[] {"Aisyah", "Hakim", "Nurul", "Faris", "Siti", "Irfan", "Aina", "Danial"},
                            new String[] {"Rahman", "Ismail", "Hassan", "Aziz", "Yusof", "Ahmad"},
                            false)));

    private static final String[] ADJECTIVES = {
        "Velvet",
        "Neon",
        "Silver",
        "Paper",
        "Electric",
        "Hollow",
        "Golden",
        "Wild",
        "Midnight",
        "Crimson",
        "Lunar",
        "Broken",
        "Quiet",
        "Static",
        "Northern",
        "Violet",
        "Glass",
        "Little",
        "Blue",
        "Burning"
    };
    private static final String[] NOUNS = {
        "Owls",
        "Harbor",
        "Tigers",
        "Satellites",
        "Echoes",
        "Wolves",
        "Lanterns",
        "Rivers",
        "Machines",
        "Pilots",
        "Ghosts",
        "Daughters",
        "Horizons",
        "Saints",
        "Kites",
        "Embers",
        "Giants",
        "Comets",
        "Foxes",
        "Mirrors"
    };
    private static final String[] DARK = {
        "Throne", "Veil", "Abyss", "Serpent", "Oath", "Pyre", "Requiem", "Tomb", "Ash", "Winter", "Carrion", "Eclipse",
        "Dagger", "Grave", "Hex", "Plague"
    };
    private static final String[] ALIASES = {
        "Kryptik", "Solace", "Nova", "Vektor", "Lumen", "Axiom", "Polaris", "Circuit", "Aether", "Kairo", "Zenith",
        "Mirage", "Oberon", "Pulsar", "Tessel", "Fathom"
    };
    private static final String[] CITIES = {
        "Vienna", "Leipzig", "Prague", "London", "Boston", "Berlin", "Amsterdam", "Budapest", "Salzburg", "Oslo"
    };
    private static final String[] ENSEMBLES = {
        "Philharmonic", "Chamber Orchestra", "String Quartet", "Symphony Orchestra", "Baroque Ensemble", "Piano Trio"
    };

    private static final String[] TITLE_WORDS = {
        "Midnight",
        "Summer",
        "Echo",
        "Gold",
        "Fire",
        "Rain",
        "Heart",
        "Ocean",
        "Dream",
        "Shadow",
        "City",
        "Light",
        "Highway",
        "Paradise",
        "River",
        "Storm",
        "Neon",
        "Velvet",
        "Starlight",
        "Silence",
        "Thunder",
        "Satellite",
        "Wildflower",
        "Horizon",
        "Diamond",
        "Gravity",
        "Mirror",
        "Runaway",
        "Sugar",
        "Ghost"
    };
    private static final Map<Culture, String[]> LOCAL_TITLES = Map.of(
            Culture.JA, new String[] {"夜に咲く花", "星の海", "春の雨", "君の声", "青い空", "さよならの向こう", "Tokyo Night", "桜色"},
            Culture.KO, new String[] {"너의 노래", "별빛", "Butterfly", "Fever", "봄날의 꿈", "Golden Hour"},
            Culture.ZH, new String[] {"月亮代表", "夜曲", "雨天", "小幸运", "Forever Young", "晴天"},
            Culture.PT,
                    new String[] {"Saudade", "Coração de Ouro", "Noite de São João", "Mar Aberto", "Ciúme", "Beija-flor"
                    },
            Culture.ES,
                    new String[] {
                        "Corazón de Fuego", "Noche Buena", "Bésame", "Mi Niña", "Canción del Mar", "Bailando Sola"
                    },
            Culture.FR,
                    new String[] {"Le Temps des Cerises", "Ça ira", "Là-bas", "Déjà vu", "L'été indien", "Mon cœur"},
            Culture.DE, new String[] {"Übermorgen", "Sommernacht", "Großstadt", "Straßenlicht", "Für immer", "Märchen"},
            Culture.SV, new String[] {"Vår", "Midsommar", "Stjärnorna", "Hösten", "Ödet", "Sjön"},
            Culture.TR, new String[] {"Gönül", "Yağmur", "Şarkı", "Aşk", "Özledim", "Gece"},
            Culture.FA, new String[] {"Golnar", "Bahar", "Shab", "Baran", "Del", "Setareh"});

    /** Artist pools per genre, in the order of {@link Genre#ALL}. */
    static List<List<String>> artistPools() {
        SplittableRandom random = new SplittableRandom(POOL_SEED);
        Set<String> taken = new HashSet<>();
        List<Set<String>> pools = new ArrayList<>();
        for (Genre genre : Genre.ALL) {
            Set<String> pool = new LinkedHashSet<>();
            while (pool.size() < ARTISTS_PER_GENRE) {
                // an artist belongs to one genre, unless the names of its style run out
                String name = artist(random, genre);
                for (int attempt = 0; attempt < 20 && taken.contains(name); attempt++) {
                    name = artist(random, genre);
                }
                pool.add(name);
                taken.add(name);
            }
            pools.add(pool);
        }
        // crossover artists: each appears in 2 to 4 genres
        for (int i = 0; i < CROSSOVER_ARTISTS; i++) {
            String name = person(random, PEOPLE.get(Culture.EN));
            int genres = 2 + random.nextInt(3);
            for (int j = 0; j < genres; j++) {
                pools.get(random.nextInt(pools.size())).add(name);
            }
        }
        return pools.stream().map(p -> List.copyOf(p)).toList();
    }

    private static String artist(SplittableRandom r, Genre genre) {
        People people = PEOPLE.get(genre.culture());
        double style = r.nextDouble();
        if (style < 0.5) {
            return person(r, people);
        }
        return switch (genre.family()) {
            case CLASSICAL ->
                style < 0.75 ? person(r, PEOPLE.get(Culture.DE)) : pick(r, CITIES) + " " + pick(r, ENSEMBLES);
            case METAL ->
                style < 0.75 ? pick(r, DARK) + " of " + pick(r, DARK) : pick(r, ADJECTIVES) + " " + pick(r, DARK);
            case HIPHOP ->
                (style < 0.7 ? pick(r, new String[] {"Lil ", "Young ", "MC ", "Big "}) : "")
                        + pick(r, people.given())
                        + (style < 0.6 ? "" : " " + pick(r, ALIASES));
            case ELECTRONIC ->
                style < 0.7
                        ? pick(r, ALIASES) + (r.nextBoolean() ? "" : " & " + pick(r, ALIASES))
                        : "DJ " + pick(r, people.given());
            case KIDS ->
                style < 0.75 ? "The " + pick(r, ADJECTIVES) + " " + pick(r, NOUNS) + " Kids Choir" : person(r, people);
            case COMEDY -> person(r, people);
            default ->
                style < 0.8
                        ? "The " + pick(r, ADJECTIVES) + " " + pick(r, NOUNS)
                        : pick(r, ADJECTIVES) + " " + pick(r, NOUNS);
        };
    }

    private static String person(SplittableRandom r, People people) {
        String given = pick(r, people.given());
        String family = pick(r, people.family());
        boolean cjkScript = given.codePointAt(0) > 0x2E80;
        if (people.familyFirst() && (cjkScript || family.codePointAt(0) > 0x2E80)) {
            return family + (cjkScript && family.codePointAt(0) > 0x2E80 ? "" : " ") + given;
        }
        return given + " " + family;
    }

    /** A track title in the style of the genre's culture, sometimes with a version suffix. */
    static String title(SplittableRandom r, Genre genre) {
        String[] local = LOCAL_TITLES.get(genre.culture());
        String base;
        if (local != null && r.nextDouble() < 0.6) {
            base = pick(r, local);
        } else {
            double shape = r.nextDouble();
            base = shape < 0.4
                    ? pick(r, TITLE_WORDS) + " " + pick(r, TITLE_WORDS)
                    : shape < 0.7
                            ? pick(r, TITLE_WORDS)
                            : shape < 0.85
                                    ? "The " + pick(r, TITLE_WORDS) + " of " + pick(r, TITLE_WORDS)
                                    : pick(r, TITLE_WORDS) + ", " + pick(r, TITLE_WORDS) + " & " + pick(r, TITLE_WORDS);
        }
        double suffix = r.nextDouble();
        if (genre.family() == Family.CLASSICAL) {
            return suffix < 0.5
                    ? "Sonata No. " + (1 + r.nextInt(32)) + " in "
                            + pick(r, new String[] {"C", "D", "E-flat", "F", "G", "A", "B-flat"})
                            + (r.nextBoolean() ? " Major" : " Minor") + ": "
                            + pick(r, new String[] {"I. Allegro", "II. Adagio", "III. Presto", "Andante"})
                    : base;
        }
        return suffix < 0.05
                ? base + " - Remix"
                : suffix < 0.08 ? base + " (Live)" : suffix < 0.10 ? base + " - Acoustic" : base;
    }

    /** An album name: often the track's own (a single), or a title of the same style. */
    static String album(SplittableRandom r, Genre genre, String track) {
        double shape = r.nextDouble();
        if (shape < 0.3) {
            return track;
        }
        if (shape < 0.4) {
            return "Greatest Hits" + (r.nextBoolean() ? "" : " Vol. " + (1 + r.nextInt(3)));
        }
        if (shape < 0.45) {
            return "Live at " + pick(r, CITIES);
        }
        return title(r, genre).replace(" - Remix", "").replace(" (Live)", "");
    }

    static String pick(SplittableRandom r, String[] values) {
        return values[r.nextInt(values.length)];
    }

    private Names() {}
}
