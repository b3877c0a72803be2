import { defineMessages } from "./messages";

/*
 * Support mode ("view as tenant"): the banner every console page shows while
 * Frontdesk support is viewing, the owner's setting, the owner's email, and
 * the admin console's button and dialog that start it.
 */
export const supportMessages = defineMessages({
  en: {
    bannerReadOnly: "Frontdesk support is viewing this workspace (read-only).",
    bannerWritable: "Frontdesk support is viewing this workspace; the owner allows changes.",
    timeLeft: "{minutes} min left",
    timeUp: "Time is up",
    exit: "Exit support mode",
    supportName: "Frontdesk support",
    settingTitle: "Frontdesk support",
    settingIntro:
      "When you ask Frontdesk for help, support staff can view your workspace for at most 30 minutes, with a reason you are told by email. They never see provider keys, billing actions or your members' accounts.",
    settingLabel: "Allow support to make changes",
    settingHelp: "Off: support can only look. On: support can also change settings, appointments and clients while viewing.",
    settingOwnerOnly: "Only the owner can change this.",
    emailSubject: "{business}: Frontdesk support is viewing your workspace",
    emailBody:
      "Frontdesk support started viewing the workspace of {business} on {start}, until {end} at the latest.\n\nReason given: {reason}\n\nSupport can {access}. It is listed in your Activity page. If you did not expect this, reply to this email.",
    emailAccessRead: "only look (read-only)",
    emailAccessWrite: "look and make changes (you allowed it in Settings)",
    adminButton: "View as tenant",
    adminTitle: "View this workspace as its members see it",
    adminIntro: "The owner is emailed and sees the reason in their Activity. Read-only unless the owner allowed changes.",
    adminReason: "Reason (shown to the owner)",
    adminMinutes: "Duration",
    adminMinutesOption: "{minutes} minutes",
    adminStart: "Open the workspace",
    adminCancel: "Cancel",
    adminStarting: "Opening…",
    activityStarted: "Frontdesk support started viewing your workspace: {reason}",
    activityEnded: "Frontdesk support stopped viewing your workspace",
    activityWritesAllowed: "Frontdesk support may now make changes while viewing",
    activityWritesRefused: "Frontdesk support may no longer make changes (view only)",
  },
  fr: {
    bannerReadOnly: "Le support Frontdesk consulte cet espace (lecture seule).",
    bannerWritable: "Le support Frontdesk consulte cet espace ; le propriétaire autorise les modifications.",
    timeLeft: "Encore {minutes} min",
    timeUp: "Temps écoulé",
    exit: "Quitter le mode support",
    supportName: "Support Frontdesk",
    settingTitle: "Support Frontdesk",
    settingIntro:
      "Quand vous demandez de l’aide à Frontdesk, le support peut consulter votre espace pendant 30 minutes au plus, pour une raison qui vous est envoyée par e-mail. Il ne voit jamais les clés des fournisseurs, les actions de facturation ni les comptes de vos membres.",
    settingLabel: "Autoriser le support à faire des modifications",
    settingHelp: "Désactivé : le support peut seulement consulter. Activé : il peut aussi modifier les réglages, rendez-vous et clients pendant sa consultation.",
    settingOwnerOnly: "Seul le propriétaire peut changer ce réglage.",
    emailSubject: "{business} : le support Frontdesk consulte votre espace",
    emailBody:
      "Le support Frontdesk a commencé à consulter l’espace de {business} le {start}, jusqu’à {end} au plus tard.\n\nRaison donnée : {reason}\n\nLe support peut {access}. C’est inscrit dans votre page Activité. Si vous ne vous y attendiez pas, répondez à cet e-mail.",
    emailAccessRead: "seulement consulter (lecture seule)",
    emailAccessWrite: "consulter et modifier (vous l’avez autorisé dans les Réglages)",
    adminButton: "Voir comme le client",
    adminTitle: "Voir cet espace comme ses membres le voient",
    adminIntro: "Le propriétaire reçoit un e-mail et voit la raison dans son Activité. Lecture seule, sauf si le propriétaire autorise les modifications.",
    adminReason: "Raison (montrée au propriétaire)",
    adminMinutes: "Durée",
    adminMinutesOption: "{minutes} minutes",
    adminStart: "Ouvrir l’espace",
    adminCancel: "Annuler",
    adminStarting: "Ouverture…",
    activityStarted: "Le support Frontdesk a commencé à consulter votre espace : {reason}",
    activityEnded: "Le support Frontdesk a fini de consulter votre espace",
    activityWritesAllowed: "Le support Frontdesk peut désormais faire des modifications pendant sa consultation",
    activityWritesRefused: "Le support Frontdesk ne peut plus faire de modifications (consultation seule)",
  },
});
