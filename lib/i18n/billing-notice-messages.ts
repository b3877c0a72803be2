import { defineMessages } from "./messages";

/*
 * What billing says outside the Billing page: the owner's emails (usage
 * alerts, dunning, trial, cancellation) and the polite reply a caller gets
 * when the business cannot be served (suspended, or over its plan).
 */
export const billingNoticeMessages = defineMessages({
  en: {
    metric_conversations: "conversations",
    metric_call_minutes: "call minutes",
    usageSubject: "{business}: {percent}% of this month's {metric} used",
    usageBody:
      "{business} has used {percent}% of the {metric} included in its {plan} plan this month.\n\n{next}\n\nSee your usage and change plan on the Billing page: {url}",
    usageNextRefuse: "At 100%, new conversations are answered with a polite message giving your phone number until the next month or a plan change.",
    usageNextMeter: "Beyond 100%, your receptionist keeps answering and each extra unit is billed with your next invoice.",
    dunningSubject: "{business}: your payment did not go through",
    dunningBody0: "The latest invoice for {business} could not be paid. Please update your payment method on the Billing page: {url}\n\nIn 7 days configuration changes will be paused, and in 14 days the workspace will be suspended.",
    dunningBody3: "Reminder: the invoice for {business} is still unpaid. Please update your payment method: {url}\n\nIn 4 days configuration changes will be paused, and in 11 days the workspace will be suspended.",
    dunningBody7: "The invoice for {business} is still unpaid, so configuration changes are now paused (your receptionist keeps answering). Please pay on the Billing page: {url}\n\nIn 7 days the workspace will be suspended.",
    suspendedSubject: "{business}: workspace suspended",
    suspendedBody: "The invoice for {business} remained unpaid for 14 days, so the workspace is suspended: callers are given your phone number instead of the receptionist. Pay on the Billing page to reactivate it at once: {url}",
    trialWillEndSubject: "{business}: your trial ends on {date}",
    trialWillEndBody: "The free trial of {business} ends on {date}. Choose a plan on the Billing page to keep your receptionist answering: {url}",
    trialEndedSubject: "{business}: your trial has ended",
    trialEndedBody: "The free trial of {business} has ended without a subscription, so callers are now given your phone number instead of the receptionist. Choose a plan to reactivate it: {url}",
    actionRequiredSubject: "{business}: your bank asks you to confirm a payment",
    actionRequiredBody: "Your bank needs you to confirm the latest payment for {business}. Confirm it from the Billing page: {url}",
    cancelledSubject: "{business}: subscription cancelled, data kept until {date}",
    cancelledBody: "The subscription of {business} has ended. Its data is kept until {date} and then deleted for good. Subscribe again on the Billing page to keep it: {url}",
    cancelWarnSubject: "{business}: data deleted in {days} days",
    cancelWarnBody: "The data of {business} will be deleted on {date} ({days} days from now). Subscribe again on the Billing page to keep it: {url}",
    politeWithPhone: "Hello, {business} cannot answer online right now. Please call us on {phone}. Thank you!",
    politeNoPhone: "Hello, {business} cannot answer online right now. Please try again later. Thank you!",
    politeVoiceTransfer: "Hello, you have reached {business}. Please hold, I am putting you through.",
    politeVoiceNoPhone: "Hello, you have reached {business}. We cannot take your call at the moment, please call again later. Goodbye.",
  },
  fr: {
    metric_conversations: "conversations",
    metric_call_minutes: "minutes d'appel",
    usageSubject: "{business} : {percent} % des {metric} du mois utilisées",
    usageBody:
      "{business} a utilisé {percent} % des {metric} incluses dans sa formule {plan} ce mois-ci.\n\n{next}\n\nVoir la consommation et changer de formule sur la page Facturation : {url}",
    usageNextRefuse: "À 100 %, les nouvelles conversations reçoivent un message poli donnant votre numéro, jusqu'au mois suivant ou à un changement de formule.",
    usageNextMeter: "Au-delà de 100 %, votre réceptionniste continue de répondre et chaque unité supplémentaire est facturée avec votre prochaine facture.",
    dunningSubject: "{business} : votre paiement n'a pas abouti",
    dunningBody0: "La dernière facture de {business} n'a pas pu être payée. Merci de mettre à jour votre moyen de paiement sur la page Facturation : {url}\n\nDans 7 jours les modifications de configuration seront suspendues, et dans 14 jours l'espace sera suspendu.",
    dunningBody3: "Rappel : la facture de {business} est toujours impayée. Merci de mettre à jour votre moyen de paiement : {url}\n\nDans 4 jours les modifications de configuration seront suspendues, et dans 11 jours l'espace sera suspendu.",
    dunningBody7: "La facture de {business} est toujours impayée : les modifications de configuration sont suspendues (votre réceptionniste continue de répondre). Merci de régler sur la page Facturation : {url}\n\nDans 7 jours l'espace sera suspendu.",
    suspendedSubject: "{business} : espace suspendu",
    suspendedBody: "La facture de {business} est impayée depuis 14 jours : l'espace est suspendu et vos correspondants reçoivent votre numéro à la place de la réceptionniste. Réglez sur la page Facturation pour le réactiver aussitôt : {url}",
    trialWillEndSubject: "{business} : votre essai se termine le {date}",
    trialWillEndBody: "L'essai gratuit de {business} se termine le {date}. Choisissez une formule sur la page Facturation pour que votre réceptionniste continue de répondre : {url}",
    trialEndedSubject: "{business} : votre essai est terminé",
    trialEndedBody: "L'essai gratuit de {business} s'est terminé sans abonnement : vos correspondants reçoivent désormais votre numéro à la place de la réceptionniste. Choisissez une formule pour la réactiver : {url}",
    actionRequiredSubject: "{business} : votre banque demande de confirmer un paiement",
    actionRequiredBody: "Votre banque demande de confirmer le dernier paiement de {business}. Confirmez-le depuis la page Facturation : {url}",
    cancelledSubject: "{business} : abonnement résilié, données conservées jusqu'au {date}",
    cancelledBody: "L'abonnement de {business} a pris fin. Ses données sont conservées jusqu'au {date}, puis supprimées définitivement. Réabonnez-vous sur la page Facturation pour les garder : {url}",
    cancelWarnSubject: "{business} : données supprimées dans {days} jours",
    cancelWarnBody: "Les données de {business} seront supprimées le {date} (dans {days} jours). Réabonnez-vous sur la page Facturation pour les garder : {url}",
    politeWithPhone: "Bonjour, {business} ne peut pas répondre en ligne pour le moment. Appelez-nous au {phone}. Merci !",
    politeNoPhone: "Bonjour, {business} ne peut pas répondre en ligne pour le moment. Merci de réessayer plus tard.",
    politeVoiceTransfer: "Bonjour, vous êtes bien chez {business}. Ne quittez pas, je vous mets en relation.",
    politeVoiceNoPhone: "Bonjour, vous êtes bien chez {business}. Nous ne pouvons pas prendre votre appel pour le moment, merci de rappeler plus tard. Au revoir.",
  },
});
