package io.streamlab.pipeline.producer.tickets;

import java.util.Map;

/**
 * Subjects and sentences of the synthetic tickets, per ticket type and language (French and English),
 * with the vocabulary a support team sees: incidents speak of panne, erreur, crash, timeout, login
 * failure; questions of comment, facture, how do I; feature requests of ajouter, export, dark mode,
 * integration. Placeholders in braces are filled by the generator ({product}, {code}, {minutes},
 * {integration}, {browser}, {invoice}, {amount}).
 */
final class TicketTexts {
    private TicketTexts() {}

    record Texts(String[] subjects, String[] openings, String[] details, String[] closings) {}

    static final Map<String, Texts> FR = Map.of(
            "incident",
                    new Texts(
                            new String[] {
                                "Panne du service depuis ce matin",
                                "Erreur {code} lors de la connexion",
                                "L'application plante au démarrage",
                                "Timeout sur l'export des données",
                                "Impossible de me connecter",
                                "Crash de l'application mobile",
                                "Synchronisation bloquée",
                                "Échec de connexion (login failure)",
                                "Panne générale de {product}"
                            },
                            new String[] {
                                "Bonjour, depuis ce matin {product} est complètement en panne.",
                                "J'obtiens une erreur {code} à chaque tentative de connexion.",
                                "L'application plante dès que j'ouvre le tableau de bord.",
                                "Les requêtes échouent avec un timeout après {minutes} minutes.",
                                "Impossible de me connecter : le mot de passe est refusé alors qu'il est correct."
                            },
                            new String[] {
                                "Nous avons déjà redémarré le serveur et vidé le cache, sans succès.",
                                "Le problème touche toute l'équipe, une quinzaine de personnes.",
                                "Voici le message exact : « Connexion refusée par le serveur ».",
                                "Le crash se produit aussi sur {browser}.",
                                "L'erreur est apparue juste après la mise à jour de {product}.",
                                "Les exports planifiés ont tous échoué cette nuit."
                            },
                            new String[] {
                                "C'est bloquant pour notre clôture mensuelle, merci de traiter en priorité.",
                                "Merci de revenir vers moi rapidement.",
                                "Cordialement, l'équipe comptabilité.",
                                "Pouvez-vous m'appeler dès que possible ?"
                            }),
            "question",
                    new Texts(
                            new String[] {
                                "Comment exporter mes données ?",
                                "Question sur ma facture",
                                "Comment ajouter un utilisateur ?",
                                "Différence entre les offres",
                                "Où trouver mes factures ?",
                                "Question sur la facturation annuelle",
                                "Comment changer mon mot de passe ?"
                            },
                            new String[] {
                                "Bonjour, comment puis-je exporter mes données au format CSV ?",
                                "Je ne comprends pas le montant de ma dernière facture ({amount} €).",
                                "Est-il possible d'ajouter un collègue à notre compte ?",
                                "Comment fonctionne la facturation annuelle de {product} ?",
                                "Où puis-je trouver la documentation de {product} ?"
                            },
                            new String[] {
                                "Je n'ai rien trouvé dans la FAQ à ce sujet.",
                                "Pouvez-vous m'expliquer la différence entre l'offre Pro et l'offre Équipe ?",
                                "J'utilise {product} depuis deux ans et c'est la première fois que je me pose la question.",
                                "Le lien de la page d'aide renvoie une page vide."
                            },
                            new String[] {"Merci d'avance pour votre réponse.", "Bonne journée !", "Cordialement."}),
            "feature_request",
                    new Texts(
                            new String[] {
                                "Ajouter un mode sombre",
                                "Export Excel des rapports",
                                "Intégration avec {integration}",
                                "Suggestion : notifications par SMS",
                                "Pouvoir filtrer par date",
                                "Ajouter un export PDF"
                            },
                            new String[] {
                                "Ce serait génial d'ajouter un mode sombre (dark mode) à {product}.",
                                "Nous aimerions pouvoir exporter les rapports en Excel.",
                                "Une intégration avec {integration} nous ferait gagner beaucoup de temps.",
                                "Serait-il possible d'ajouter des filtres par date et par équipe ?"
                            },
                            new String[] {
                                "Beaucoup d'utilisateurs chez nous le réclament.",
                                "Aujourd'hui nous faisons la manipulation à la main, ça prend des heures.",
                                "Un export programmé chaque lundi serait idéal.",
                                "La concurrence le propose déjà, ce serait un vrai plus."
                            },
                            new String[] {
                                "Merci de transmettre cette suggestion à l'équipe produit.",
                                "Merci pour votre travail !",
                                "Bien à vous."
                            }),
            "billing",
                    new Texts(
                            new String[] {
                                "Double prélèvement sur ma carte",
                                "Demande de remboursement",
                                "Facture {invoice} incorrecte"
                            },
                            new String[] {
                                "J'ai été prélevé deux fois ce mois-ci pour la facture {invoice}.",
                                "La facture {invoice} mentionne {amount} € au lieu du tarif convenu."
                            },
                            new String[] {
                                "Pouvez-vous procéder au remboursement de la différence ?",
                                "Notre service achats a besoin d'une facture rectificative."
                            },
                            new String[] {"Merci de votre aide.", "Cordialement."}),
            "account",
                    new Texts(
                            new String[] {"Changer l'adresse e-mail du compte", "Supprimer mon compte", "Compte bloqué"
                            },
                            new String[] {
                                "Je souhaite changer l'adresse e-mail associée à mon compte.",
                                "Merci de supprimer mon compte et toutes mes données (RGPD).",
                                "Mon compte est bloqué après trois tentatives de connexion."
                            },
                            new String[] {
                                "Je n'ai plus accès à l'ancienne adresse.", "Le lien de réinitialisation a expiré."
                            },
                            new String[] {"Merci.", "Bonne journée."}),
            "other",
                    new Texts(
                            new String[] {"Retour d'expérience", "Proposition de partenariat", "Remerciements"},
                            new String[] {
                                "Je voulais simplement vous faire un retour sur {product}.",
                                "Nous sommes une agence et souhaiterions devenir partenaire."
                            },
                            new String[] {
                                "L'équipe support a été très réactive la semaine dernière.",
                                "Qui serait la bonne personne à contacter ?"
                            },
                            new String[] {"Bravo à toute l'équipe !", "À bientôt."}));

    static final Map<String, Texts> EN = Map.of(
            "incident",
                    new Texts(
                            new String[] {
                                "Service outage since this morning",
                                "Error {code} on login",
                                "App crashes on startup",
                                "Timeout when exporting data",
                                "Login failure for all users",
                                "Sync stuck for hours",
                                "Dashboard not loading",
                                "{product} is down"
                            },
                            new String[] {
                                "Hi, since this morning {product} has been completely down.",
                                "I get an error {code} every time I try to log in.",
                                "The app crashes as soon as I open the dashboard.",
                                "Requests fail with a timeout after {minutes} minutes.",
                                "Login failure: my password is rejected although it is correct."
                            },
                            new String[] {
                                "We already restarted the server and cleared the cache, without success.",
                                "This affects the whole team.",
                                "The exact message is: \"Connection refused by server\".",
                                "The crash also happens on {browser}.",
                                "The error started right after the latest update of {product}.",
                                "All scheduled exports failed last night."
                            },
                            new String[] {
                                "It is blocking our month-end close, please treat it as urgent.",
                                "Please get back to me quickly.",
                                "Regards, the finance team.",
                                "Can you call me as soon as possible?"
                            }),
            "question",
                    new Texts(
                            new String[] {
                                "How do I export my data?",
                                "Question about my invoice",
                                "How do I add a user?",
                                "Difference between plans",
                                "Where can I find my invoices?",
                                "Can I change my billing date?",
                                "How do I reset my password?"
                            },
                            new String[] {
                                "Hi, how do I export my data as CSV?",
                                "I don't understand the amount on my last invoice (${amount}).",
                                "Is it possible to add a colleague to our account?",
                                "How does annual billing work for {product}?",
                                "Where can I find the documentation for {product}?"
                            },
                            new String[] {
                                "I couldn't find anything in the FAQ about this.",
                                "Could you explain the difference between the Pro and Team plans?",
                                "I have been using {product} for two years and never needed this before.",
                                "The help page link leads to an empty page."
                            },
                            new String[] {"Thanks in advance for your help.", "Have a nice day!", "Best regards."}),
            "feature_request",
                    new Texts(
                            new String[] {
                                "Add a dark mode",
                                "Excel export for reports",
                                "Integration with {integration}",
                                "Feature request: SMS notifications",
                                "Allow filtering by date",
                                "Add a PDF export"
                            },
                            new String[] {
                                "It would be great to add a dark mode to {product}.",
                                "We would love to export reports to Excel.",
                                "An integration with {integration} would save us a lot of time.",
                                "Could you add filters by date and by team?"
                            },
                            new String[] {
                                "Many users on our side are asking for it.",
                                "Today we do it by hand and it takes hours.",
                                "A scheduled export every Monday would be ideal.",
                                "Competitors already offer it, it would be a real plus."
                            },
                            new String[] {
                                "Please pass this suggestion on to the product team.",
                                "Thanks for your work!",
                                "Kind regards."
                            }),
            "billing",
                    new Texts(
                            new String[] {"Charged twice this month", "Refund request", "Invoice {invoice} is wrong"},
                            new String[] {
                                "I was charged twice this month for invoice {invoice}.",
                                "Invoice {invoice} shows ${amount} instead of the agreed price."
                            },
                            new String[] {
                                "Could you refund the difference?",
                                "Our purchasing department needs a corrected invoice."
                            },
                            new String[] {"Thanks for your help.", "Regards."}),
            "account",
                    new Texts(
                            new String[] {"Change account email", "Delete my account", "Account locked"},
                            new String[] {
                                "I would like to change the email address of my account.",
                                "Please delete my account and all my data (GDPR).",
                                "My account is locked after three failed login attempts."
                            },
                            new String[] {"I no longer have access to the old address.", "The reset link has expired."},
                            new String[] {"Thanks.", "Have a good day."}),
            "other",
                    new Texts(
                            new String[] {"Feedback", "Partnership inquiry", "Thank you"},
                            new String[] {
                                "I just wanted to give you some feedback on {product}.",
                                "We are an agency and would like to become a partner."
                            },
                            new String[] {
                                "The support team was very responsive last week.",
                                "Who would be the right person to talk to?"
                            },
                            new String[] {"Well done to the whole team!", "See you soon."}));

    static final String[] PRODUCTS_FR = {
        "l'application mobile",
        "le tableau de bord",
        "Streamlab Cloud",
        "l'API v2",
        "le module de facturation",
        "le connecteur Salesforce"
    };
    static final String[] PRODUCTS_EN = {
        "the mobile app",
        "the dashboard",
        "Streamlab Cloud",
        "the v2 API",
        "the billing module",
        "the Salesforce connector"
    };
    static final String[] INTEGRATIONS = {
        "Slack", "Microsoft Teams", "Salesforce", "Zapier", "Google Sheets", "Jira", "HubSpot"
    };
    static final String[] BROWSERS = {"Chrome", "Firefox", "Safari", "Edge", "Android", "iOS"};
    static final String[] CODES = {"500", "502", "503", "504", "401", "403", "ERR_TIMEOUT", "E-1042"};
}
