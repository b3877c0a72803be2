import { defineMessages } from "./messages";

/** The widget demo page (/demo/<slug>), in the business's language. */
export const demoMessages = defineMessages({
  en: {
    kicker: "Widget demo",
    intro: "This page embeds the chat the way the business's own site would. Open the bubble at the bottom corner of the page.",
    snippetLabel: "The line to paste into your site",
    suspended: "This account is suspended: the chat will answer that it is unavailable.",
    noKey: "Add ?key=<widget key> to this address to embed the widget (in development the seeded demo key is used).",
    foreignKey: "This widget key is unknown, revoked, or belongs to another business: the widget is not embedded.",
    about: "About the widget",
    aboutText: "Its colour, title, avatar and corner come from the Receptionist page of the console, and it speaks the page's language.",
  },
  fr: {
    kicker: "Démo du widget",
    intro: "Cette page intègre le chat comme le ferait le site de l'établissement. Ouvrez la bulle dans le coin inférieur de la page.",
    snippetLabel: "La ligne à coller dans votre site",
    suspended: "Ce compte est suspendu\u00a0: le chat répondra qu'il n'est pas disponible.",
    noKey: "Ajoutez ?key=<clé du widget> à cette adresse pour intégrer le widget (en développement, la clé de démonstration est utilisée).",
    foreignKey: "Cette clé de widget est inconnue, révoquée ou appartient à un autre établissement\u00a0: le widget n'est pas intégré.",
    about: "À propos du widget",
    aboutText: "Sa couleur, son titre, son avatar et son coin viennent de la page Réceptionniste de la console, et il parle la langue de la page.",
  },
});
