import { defineMessages } from "./messages";

/** The Billing placeholder and the development outbox. */
export const billingMessages = defineMessages({
  en: {
    title: "Billing",
    status: "Workspace status:",
    placeholder: "Plans and payment arrive with the billing issue.",
    forbiddenWhat: "billing",
    status_trial: "trial",
    status_active: "active",
    status_past_due: "payment overdue",
    status_suspended: "suspended",
    status_cancelled: "cancelled",
  },
  fr: {
    title: "Facturation",
    status: "Statut de l'espace :",
    placeholder: "Les formules et le paiement arrivent avec la facturation.",
    forbiddenWhat: "la facturation",
    status_trial: "essai",
    status_active: "actif",
    status_past_due: "paiement en retard",
    status_suspended: "suspendu",
    status_cancelled: "résilié",
  },
});

export const outboxMessages = defineMessages({
  en: {
    title: "Outbox",
    intro: "Emails this workspace sent. No SMTP server is configured, so they stop here.",
    empty: "No emails yet.",
    emailTo: "Email to {address}",
    to: "To",
    forbiddenWhat: "the outbox",
  },
  fr: {
    title: "Boîte d'envoi",
    intro: "Les e-mails envoyés par cet espace. Aucun serveur SMTP n'est configuré : ils s'arrêtent ici.",
    empty: "Aucun e-mail pour l'instant.",
    emailTo: "E-mail à {address}",
    to: "À",
    forbiddenWhat: "la boîte d'envoi",
  },
});
