package io.streamlab.pipeline.job.tickets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {
    private final Tokenizer tokenizer = new Tokenizer(3, 20);

    private List<String> kw(String... texts) {
        return tokenizer.keywords(texts);
    }

    @Test
    void frenchSentence() {
        assertEquals(
                List.of("application", "plante", "ouvre", "écran", "facturation", "problème", "urgent"),
                kw("Bonjour, l'application plante quand j'ouvre l'écran de facturation. C'est un problème urgent !"));
    }

    @Test
    void englishSentence() {
        assertEquals(
                List.of("log", "account", "customer", "third", "attempt", "ask"),
                kw("Hello, I can't log in to my account. It's the customer's third attempt; don't ask why!"));
    }

    @Test
    void frenchElisionsAreDropped() {
        assertEquals(List.of("application"), kw("l'application"));
        assertEquals(List.of(), kw("d'un qu'il jusqu'à lorsqu'on puisqu'elle c'est n'est j'ai m'a t'as"));
        assertEquals(
                List.of("affiche", "arrive", "imprimante", "avion"),
                kw("s'affiche, n'arrive pas, d'imprimante, l'avion"));
        assertEquals(List.of("heure"), kw("jusqu'à l'heure"));
        assertEquals(List.of(), kw("aujourd'hui"), "a word written with an apostrophe can be a stop word as a whole");
    }

    @Test
    void englishContractionsAndPossessives() {
        assertEquals(List.of(), kw("don't can't it's won't isn't I'm you're we've they'll she'd let's"));
        assertEquals(List.of("customer", "order", "router"), kw("the customer's order, the router's"));
        assertEquals(List.of("customers", "invoices"), kw("customers' invoices"));
        assertEquals(List.of("printer"), kw("printer'll"), "a contraction suffix is removed from any word");
        assertEquals(List.of("neil", "clock"), kw("O'Neil o'clock"), "other apostrophes split the word");
    }

    @Test
    void typographicApostrophesActLikePlainOnes() {
        assertEquals(List.of("imprimante", "imprime"), kw("L’imprimante n’imprime pas"));
        assertEquals(List.of("driver", "fault"), kw("It’s the driver’s fault"));
        assertEquals(List.of("driver", "quoted"), kw("the driverʼs ‘quoted’"), "U+02BC and U+2018 too");
    }

    @Test
    void quotesAroundWordsAreNotPartOfThem() {
        assertEquals(List.of("quoted", "word"), kw("'quoted' ‘word’"));
    }

    @Test
    void accentsAreKeptAndTextIsLowerCased() {
        assertEquals(
                List.of("écran", "cassé", "problème", "facturé", "deux", "fois", "straße"),
                kw("ÉCRAN cassé, Problème FACTURÉ deux fois, Straße"));
        assertEquals(List.of("écran"), kw("e\u0301cran"), "decomposed accents are composed (NFC)");
        assertEquals(List.of("naïve", "café", "garçon"), kw("naïve café garçon"));
    }

    @Test
    void lineBreaksAndPunctuationSeparateWords() {
        assertEquals(List.of("first", "line", "second", "third"), kw("first line\nsecond line\r\nthird"));
        assertEquals(List.of("error", "printer", "network"), kw("error!!! (again) -- [printer]; printer? «network»"));
        assertEquals(List.of("mail", "sign"), kw("e-mail sign-in"), "hyphens separate words");
    }

    @Test
    void digitsOnlyAreDroppedLettersWithDigitsKept() {
        assertEquals(
                List.of("order", "failed", "error", "mp3", "ps5", "windows10"),
                kw("Order 12345 failed with error 404 on 2024-01-05 (3,50 €), mp3 ps5 windows10 4g"));
    }

    @Test
    void placeholdersNeverBecomeWords() {
        assertEquals(
                List.of("bought", "said"),
                kw("I bought {product_purchased} and {{name}} said {{ customer.name }} {Product Name}"));
        assertEquals(List.of("refund"), kw("Refund for {product_purchased}"));
        assertEquals(List.of("produit", "arrive"), kw("Le produit {{product_name}} n'arrive pas"));
    }

    @Test
    void markupUrlsAndEmailsAreDropped() {
        assertEquals(List.of("screen", "flickers"), kw("<p>The <b>screen</b>&nbsp;flickers</p><br/>"));
        assertEquals(
                List.of("see", "details"), kw("See https://example.com/help?id=3 or www.example.org/faq for details"));
        assertEquals(List.of("contact"), kw("Contact jean.dupont@example.fr or support@shop.com"));
        assertEquals(
                List.of("lien", "cassé"),
                kw("Lien cassé: <a href=\"http://exemple.fr/aide\">http://exemple.fr/aide</a>"));
        assertEquals(List.of("mail"), kw("Mail: (marie-eve.dupont+sav@exemple.fr)."));
        assertEquals(List.of("voir", "aide"), kw("Voir WWW.Exemple.FR/aide. Aide"));
        assertEquals(
                List.of("server", "files"),
                kw("ssh://server.local/path and FTP://files.example.com/x?y=1 server files"));
        assertEquals(List.of("user", "localhost"), kw("user@localhost"), "not an address without a dotted domain");
        assertEquals(List.of("nowww", "example"), kw("nowww.example"), "www. only at the start of a word");
        assertEquals("a   b", Tokenizer.stripMarkup("a https://x.y/z b"));
        assertEquals("a   b", Tokenizer.stripMarkup("a x@y.z b"));
    }

    @Test
    void minimumLength() {
        assertEquals(List.of("bug", "fix", "needed"), kw("bug fix needed now ok"));
        assertEquals(List.of("needed"), new Tokenizer(4, 20).keywords("bug fix needed now ok"));
        assertEquals(
                List.of("x", "pc"),
                new Tokenizer(1, 20).keywords("ça va x pc à y"),
                "with a minimum of 1, only stop words remove short words");
    }

    @Test
    void stopWordsOfBothLanguagesAreDropped() {
        assertEquals(List.of(), kw("le la les un une des du de et ou mais pour avec dans sur est sont ont avait"));
        assertEquals(List.of(), kw("the a an and or but with for in on is are was were have has had been"));
        assertEquals(List.of(), kw("Bonjour merci cordialement hello thanks please regards bonsoir"));
        assertTrue(
                Tokenizer.stopWords().size() > 450,
                "both lists are loaded: " + Tokenizer.stopWords().size());
        for (String word : List.of(
                "bonjour",
                "merci",
                "cordialement",
                "est",
                "sont",
                "hello",
                "thanks",
                "please",
                "have",
                "has",
                "don't",
                "it's",
                "jusqu'à")) {
            assertTrue(Tokenizer.isStopWord(word), word);
        }
    }

    @Test
    void distinctInOrderOfFirstAppearanceAcrossSubjectAndDescription() {
        assertEquals(List.of("printer", "error", "network"), kw("printer error printer network error"));
        assertEquals(List.of("printer", "broken", "jammed"), kw("Printer broken", "The PRINTER is jammed"));
        assertEquals(List.of("jammed"), kw(null, "jammed"));
        assertEquals(List.of(), kw(null, null));
        assertEquals(List.of(), kw("", "   "));
    }

    @Test
    void atMostMaxKeywords() {
        assertEquals(
                List.of("alpha", "beta", "gamma"), new Tokenizer(3, 3).keywords("alpha beta gamma", "delta epsilon"));
    }

    @Test
    void longRunsAreNotWords() {
        String hash = "a".repeat(Tokenizer.MAX_WORD_LENGTH + 1);
        assertEquals(List.of("token"), kw("token " + hash));
        assertEquals(List.of("a".repeat(Tokenizer.MAX_WORD_LENGTH)), kw("a".repeat(Tokenizer.MAX_WORD_LENGTH)));
    }

    @Test
    void deterministic() {
        String text = TestTickets.DESCRIPTIONS.get(0) + " " + TestTickets.DESCRIPTIONS.get(6);
        assertEquals(kw(text), kw(text));
        assertEquals(kw(text), new Tokenizer(3, 20).keywords(text));
    }

    @Test
    void wordsKeepsRepeats() {
        assertEquals(List.of("printer", "error", "printer"), tokenizer.words("printer error, the printer"));
    }

    @Test
    void refusesNonsenseSettings() {
        assertThrows(IllegalArgumentException.class, () -> new Tokenizer(0, 20));
        assertThrows(IllegalArgumentException.class, () -> new Tokenizer(3, 0));
    }
}
