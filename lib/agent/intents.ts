import { wordsOf } from "./normalize-text";

/*
 * Keyword rules over normalized text (lower case, no accents). Each rule is a
 * regular expression so the table reads as the vocabulary it recognises.
 */

export const HANDOFF =
  /\b(humain|human|agent|receptionniste|receptionist|secretaire|secretary|standardiste|operat(eur|rice|or)|representative|conseill(er|ere)|vraie? personne|real person|live person)\b|\b(parler|passer|joindre|transferer|mettre en relation)\b.{0,30}\b(quelqu'un|quelqu un|personne|equipe|docteur|medecin|responsable|gerant|gerante)\b|\b(speak|talk|transfer|connect|put me through)\b.{0,30}\b(someone|somebody|person|staff|team|doctor|manager|anyone)\b/;

export const CANCEL =
  /\b(annuler|annulez|annule|annulation|desister|cancel|cancell?ation|call off|ne (pourrai|pourrais|peux) (pas|plus) venir|can'?t make it|cannot make it)\b/;

export const MOVE =
  /\b(deplacer|deplacez|decaler|decalez|reporter|avancer|changer (mon|le|l'|l |de) ?(rendez|rdv|horaire|heure|date|creneau)|modifier (mon|le) (rendez|rdv|horaire|creneau)|reschedule|move (my|the|it)|change (my|the) (appointment|booking|time|slot)|postpone|push back|bring forward)\b/;

export const HOURS =
  /\b(horaires?|heures d'ouverture|heures d ouverture|ouvert|ouverts|ouverte|ouvrez|ouverture|fermez|ferme|fermes|fermeture|open|opening|hours|closed|close|closing)\b/;

export const ADDRESS =
  /\b(adresse|ou etes[- ]vous|ou vous trouvez|ou se trouve|ou est (le|la|votre)|situes?|situee?s?|localisation|comment venir|comment vous trouver|acces|address|where are you|where is|located|location|directions|how do i get)\b/;

export const BOOKING_VERB =
  /\b(rendez[- ]vous|rdv|reserver|reservation|prendre|booker|book|booking|appointment|appt|schedule|disponibilites?|dispos?|available|availability|creneaux?|slots?|venir)\b/;

export const THANKS = /\b(merci|thanks|thank you|thx|cheers)\b/;

export const GOODBYE =
  /\b(au revoir|bonne (journee|soiree)|a bientot|bye|goodbye|see you|c'est tout|ce sera tout|that's all|thats all|non merci|no thanks|no thank you|rien d'autre|nothing else)\b/;

const GREETING_WORDS = new Set(
  "bonjour bonsoir salut coucou allo hello hi hey good morning afternoon evening there madame monsieur mme mr mrs ms dear"
    .split(" "),
);

/** A message that only greets ("Bonjour !", "Hi there"). */
export function isPureGreeting(normalized: string): boolean {
  const words = wordsOf(normalized);
  return words.length > 0 && words.every((w) => GREETING_WORDS.has(w)) && words.some((w) => w !== "good");
}

/** Words that carry no service name, so what remains after removing them may be one we do not offer. */
const BOOKING_FILLER = new Set(
  (
    "je j voudrais voudrai veux souhaite souhaiterais aimerais peux pourrais pouvez prendre reserver reservation " +
    "rendez vous rdv un une des de du le la les pour avec moi mon ma s il plait svp merci bonjour allo please " +
    "i d like would want to book booking an a for appointment make schedule me my get need hello hi thanks can " +
    "could have there is it possible est ce que disponibilite disponibilites available availability creneau slot " +
    "nouveau nouvelle new"
  ).split(" "),
);

/** Whether a booking request names something besides filler, i.e. a service we did not recognise. */
export function namesUnknownThing(normalized: string, timeWords: RegExp): boolean {
  return wordsOf(normalized.replace(timeWords, " ")).some((w) => w.length > 2 && !BOOKING_FILLER.has(w) && !/^\d+$/.test(w));
}

/** Day and time vocabulary, removed before looking for an unknown service name. */
export const TIME_WORDS =
  /\b(aujourd'?hui|demain|apres[- ]?demain|matin|apres[- ]?midi|soir|semaine|prochaine?|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|vers|today|tomorrow|morning|afternoon|evening|tonight|next|this|week|monday|tuesday|wednesday|thursday|friday|saturday|sunday|at|around|am|pm|heures?|h\d*|janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|january|february|march|april|may|june|july|august|september|october|november|december|midi|noon)\b/g;
