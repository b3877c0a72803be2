import { defineMessages } from "./messages";

/*
 * The settings pages of the console (services, settings; business is in
 * business-messages.ts, channels and provider keys in channel-messages.ts). The English strings are the names the end-to-end tests
 * find controls by: change them only together with e2e/console.spec.ts.
 */

/** Shared by every settings page. */
export const consoleMessages = defineMessages({
  en: {
    readOnly: "Read-only: your role can see this page but not change it.",
    settingsWhat: "settings",
    saved: "Saved.",
    delete: "Delete",
  },
  fr: {
    readOnly: "Lecture seule : votre rôle permet de voir cette page, pas de la modifier.",
    settingsWhat: "les paramètres",
    saved: "Enregistré.",
    delete: "Supprimer",
  },
});

export const servicesMessages = defineMessages({
  en: {
    title: "Services",
    intro: "What callers can book, how long it takes and the pause kept after it.",
    name: "Name",
    synonyms: "Synonyms",
    synonymsHint: "Comma-separated",
    duration: "Duration (minutes)",
    buffer: "Buffer (minutes)",
    price: "Price",
    priceHint: "Leave empty for no price",
    currency: "Currency",
    nameFr: "French-speaking callers hear",
    nameEn: "English-speaking callers hear",
    localizedNameHint: "Leave empty for the name above",
    active: "Active",
    serviceForm: "Service {name}",
    saveService: "Save service",
    serviceSaved: "Saved.",
    delete: "Delete",
    serviceDeleted: "Service deleted.",
    list: "Services",
    empty: "No services yet.",
    addForm: "Add a service",
    addService: "Add service",
    serviceAdded: "Service added.",
  },
  fr: {
    title: "Prestations",
    intro: "Ce que les appelants peuvent réserver, sa durée et la pause gardée après.",
    name: "Nom",
    synonyms: "Synonymes",
    synonymsHint: "Séparés par des virgules",
    duration: "Durée (minutes)",
    buffer: "Temps de battement (minutes)",
    price: "Prix",
    priceHint: "Laissez vide pour ne pas indiquer de prix",
    currency: "Devise",
    nameFr: "Les appelants francophones entendent",
    nameEn: "Les appelants anglophones entendent",
    localizedNameHint: "Laissez vide pour reprendre le nom ci-dessus",
    active: "Active",
    serviceForm: "Prestation {name}",
    saveService: "Enregistrer la prestation",
    serviceSaved: "Enregistré.",
    delete: "Supprimer",
    serviceDeleted: "Prestation supprimée.",
    list: "Prestations",
    empty: "Aucune prestation pour l'instant.",
    addForm: "Ajouter une prestation",
    addService: "Ajouter la prestation",
    serviceAdded: "Prestation ajoutée.",
  },
});

export const settingsMessages = defineMessages({
  en: {
    title: "Settings",
    intro: "Rules for the whole workspace. The business, its hours and the receptionist are set on their own pages.",
    securityHeading: "Sign-in security",
    requireTwoFactor: "Require two-factor authentication for every member",
    requireTwoFactorHint: "Members without it are asked to turn it on from their Account page before they can use the console.",
    ownerNeedsTwoFactor: "Turn on two-factor for your own account first (Account page).",
    requiredNow: "Every member must now sign in with two-factor authentication.",
    optionalNow: "Two-factor authentication is optional again.",
    securityState: "Two-factor authentication is {state} for this workspace.",
    state_required: "required",
    state_optional: "optional",
    onlyOwner: "Only the owner can change this.",
  },
  fr: {
    title: "Paramètres",
    intro: "Les règles de tout l'espace. L'établissement, ses horaires et la réceptionniste se règlent sur leurs propres pages.",
    securityHeading: "Sécurité de la connexion",
    requireTwoFactor: "Exiger la double authentification de chaque membre",
    requireTwoFactorHint: "Les membres qui ne l'ont pas doivent l'activer depuis leur page Mon compte avant d'utiliser la console.",
    ownerNeedsTwoFactor: "Activez d'abord la double authentification sur votre propre compte (page Mon compte).",
    requiredNow: "Chaque membre doit désormais se connecter avec la double authentification.",
    optionalNow: "La double authentification redevient facultative.",
    securityState: "La double authentification est {state} dans cet espace.",
    state_required: "exigée",
    state_optional: "facultative",
    onlyOwner: "Seul le propriétaire peut la modifier.",
  },
});

/** The owner's "Danger zone" on the settings page, and the apex's notice once it is done. */
export const deleteWorkspaceMessages = defineMessages({
  en: {
    heading: "Danger zone",
    title: "Delete this workspace",
    explain:
      "Deleting {name} erases at once and for good: its clients, appointments, conversations and messages, services, opening hours and closures, receptionist settings and FAQ, phone numbers and widget keys, provider keys, team memberships and invitations, usage and the activity log. Its numbers and web widget stop answering. Members keep their accounts, without access to this workspace. This cannot be undone.",
    form: "Delete workspace",
    slugLabel: "Type {slug} to confirm",
    passwordLabel: "Your password",
    passwordHint: "The one you sign in with.",
    submit: "Delete this workspace permanently",
    pending: "Deleting…",
    deletedNotice: "The workspace {slug} and all its data were deleted.",
  },
  fr: {
    heading: "Zone de danger",
    title: "Supprimer cet espace de travail",
    explain:
      "Supprimer {name} efface immédiatement et définitivement : ses clients, rendez-vous, conversations et messages, prestations, horaires d'ouverture et fermetures, réglages de la réceptionniste et FAQ, numéros et clés du widget, clés fournisseurs, membres et invitations de l'équipe, consommation et journal d'activité. Ses numéros et son widget web cessent de répondre. Les membres gardent leur compte, sans accès à cet espace. Cette action est irréversible.",
    form: "Supprimer l'espace de travail",
    slugLabel: "Saisissez {slug} pour confirmer",
    passwordLabel: "Votre mot de passe",
    passwordHint: "Celui avec lequel vous vous connectez.",
    submit: "Supprimer définitivement cet espace de travail",
    pending: "Suppression…",
    deletedNotice: "L'espace de travail {slug} et toutes ses données ont été supprimés.",
  },
});

export type ServicesMessages = (typeof servicesMessages)["en"];
export type SettingsMessages = (typeof settingsMessages)["en"];
export type DeleteWorkspaceMessages = (typeof deleteWorkspaceMessages)["en"];
