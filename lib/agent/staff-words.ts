/*
 * The vocabulary of asking for a person, over "word text": normalized words
 * joined by single spaces, apostrophes and hyphens split off ("n importe qui",
 * "don t mind"). Each rule is a regular expression so it reads as what it
 * recognises.
 */

/** Titles, by what they say about the person: "Dr Martin" is asked for as "docteur Martin" or "doctor Martin". */
export const TITLES: Readonly<Record<string, string>> = {
  dr: "doctor", dre: "doctor", docteur: "doctor", docteure: "doctor", doctoresse: "doctor", doctor: "doctor", doc: "doctor",
  pr: "professor", prof: "professor", professeur: "professor", professor: "professor",
  mme: "madam", madame: "madam", mrs: "madam", ms: "madam", miss: "madam", mlle: "madam", mademoiselle: "madam",
  m: "sir", mr: "sir", monsieur: "sir", mister: "sir",
  me: "maitre", maitre: "maitre",
};

const TITLE = String.raw`(?:dr|dre|docteur|docteure|doctoresse|doctor|doc|pr|prof|professeur|professor|mme|madame|mrs|ms|miss|mlle|mademoiselle|m|mr|monsieur|mister|me|maitre)`;
const PERSON_NOUNS =
  "coiffeur coiffeuse barbier estheticienne estheticien medecin dentiste praticien praticienne kine osteopathe osteo psychologue psy " +
  "infirmiere infirmier hygieniste avocat avocate notaire juriste enseignant enseignante professeure maitresse moniteur monitrice " +
  "hairdresser stylist barber dentist hygienist physician therapist practitioner nurse lawyer attorney solicitor notary teacher tutor instructor";
const PERSON_NOUN = `(?:${PERSON_NOUNS.split(" ").join("|")})`;
const ARTICLE = String.raw`(?:le|la|l|the|mon|ma|my|notre|our)`;
const HABITUAL = String.raw`(?:habituel|habituelle|usual|regular)`;
/** What may stand between a cue and the name: "avec le docteur", "with my usual stylist". */
const BETWEEN = String.raw`(?:${ARTICLE} )?(?:${HABITUAL} )?(?:${PERSON_NOUN} )?(?:${HABITUAL} )?(?:${TITLE} )?`;

/** Words before a name that ask for that person. */
const CUE_WORDS = String.raw`(?:avec|chez|with|by|par|aupres de|voir|see|plutot|rather|prefere|preferer|prefer|preferably|de preference|voudrais|veux|souhaite|souhaiterais|aimerais|prends|prendre|like|want|take|choose|choisis|demande|request|ask for)`;
export const CUE_BEFORE = new RegExp(String.raw`(?:^|\b)(?:${CUE_WORDS} ${BETWEEN}|${PERSON_NOUN} (?:${HABITUAL} )?(?:${TITLE} )?|${TITLE} )$`);

/** Cues strong enough to take the next word for a name we do not know ("avec Julien", "docteur Petit"). */
export const HARD_CUE_BEFORE = new RegExp(
  String.raw`(?:^|\b)(?:(?:avec|chez|with|by) ${BETWEEN}|(?:dr|dre|docteur|docteure|doctoresse|doctor|mme|madame|monsieur|mr|mrs|ms|miss|maitre) )$`,
);

/** Words after a name that ask about that person: "Karim est dispo jeudi ?", "is Dr Martin free". */
export const CUE_AFTER =
  /^(?:(?:est |is |serait |would be |sera |will be |peut |can |could |pourrait )?(?:dispo|disponible|libre|available|free|there|present|working|travaille|works|in)|if possible|si possible|de preference|preferably|ideally|idealement|please|svp|s il vous plait|stp)\b/;

/** Words before a name that exclude that person: "pas Karim", "anyone but Karim", "autre que Karim". */
export const EXCLUDED_BEFORE = new RegExp(
  String.raw`(?:^|\b)(?:pas|not|sauf|except|excepte|sans|without|but|autre que|autres que|other than|plus|don t want|do not want|ne veux pas|ne voudrais pas|pas envie d|rather not|prefer not)(?: de| d)? (?:(?:avec|chez|with|by) )?${BETWEEN}$`,
);

/** "Whoever is free": the caller does not mind who. */
export const ANYONE =
  /\b(?:n importe (?:qui|lequel|laquelle)|peu importe (?:qui|avec qui|lequel|laquelle|la personne|le coiffeur|la coiffeuse|le docteur|le medecin)|(?:avec )?qui (?:vous voulez|tu veux)|la premiere personne (?:libre|disponible|dispo)|le premier (?:coiffeur|docteur|medecin|praticien|dentiste) (?:libre|disponible|dispo)|la premiere (?:coiffeuse|praticienne) (?:libre|disponible|dispo)|quelqu un de (?:libre|disponible|dispo)|(?:celui|celle|quiconque) qui est (?:libre|disponible|dispo)|qui (?:est|sera) (?:libre|disponible|dispo)|(?:je n ai |j ai )?(?:aucune|pas de|sans) preference (?:pour|de) (?:la personne|le coiffeur|la coiffeuse|le docteur|le medecin|praticien)|anyone(?! (?:there|home|here|hear|listening))|anybody(?! (?:there|home|here|hear|listening))|whoever|whomever|any (?:of them|one of them|stylist|hairdresser|doctor|dentist|hygienist|barber)|(?:doesn t|does not|don t|do not) (?:matter|mind|care) (?:who|which one|which of them)|no preference (?:for|on) (?:who|the person|the stylist|the doctor)|(?:first|next) available (?:person|one|stylist|hairdresser|doctor|dentist|hygienist|barber)|either (?:one|of them|is fine|works|will do))\b/;

/** "Peu importe", "either": does not mind, read as "whoever" only when asked with whom. */
export const INDIFFERENT =
  /^(?:(?:oui|yes|ok|non|no|bah|euh|hmm) )?(?:peu importe|ca m est egal|m est egal|egal|c est egal|indifferent|ca m est indifferent|pas de preference|aucune preference|sans preference|no preference|doesn t matter|does not matter|it doesn t matter|don t mind|i don t mind|don t care|i don t care|whatever|either|any|n importe|l un ou l autre|l une ou l autre|les deux|both|either one|one or the other|pas important|not important|as you like|comme vous voulez|comme vous voulez)(?: (?:merci|thanks|thank you|svp|please|vraiment|really))?$/;

/** "Quelqu'un d'autre", "someone else": not the person under discussion. */
export const SOMEONE_ELSE =
  /\b(?:quelqu un d autre|une autre personne|un autre (?:coiffeur|docteur|medecin|praticien|dentiste|barbier)|une autre (?:coiffeuse|docteure|praticienne|dentiste)|(?:someone|somebody|anyone|anybody) else|another (?:person|stylist|hairdresser|doctor|dentist|hygienist|barber)|a different (?:person|stylist|hairdresser|doctor|dentist|hygienist|barber)|pas (?:lui|elle)|not (?:him|her)|l autre (?:coiffeur|coiffeuse|docteur|docteure|personne|praticien|praticienne)|the other (?:one|person|stylist|hairdresser|doctor|dentist))\b/;

const SAME_PERSON = String.raw`(?:${PERSON_NOUN}|personne|person|one|doc|docteur|docteure|doctor)`;
/**
 * "Celui de d'habitude", "la même coiffeuse que la dernière fois", "the same
 * person as last time", "my usual stylist": a returning client's last person.
 */
export const USUAL = new RegExp(
  String.raw`\b(?:(?:celui|celle) (?:de d habitude|d habitude|de la derniere fois|que j ai (?:vue?|eue?) (?:la derniere fois|d habitude|avant))|(?:le|la|l|mon|ma) (?:meme )?${SAME_PERSON} (?:habituel|habituelle|de d habitude|d habitude|que (?:la derniere fois|d habitude|l autre fois|avant)|de la derniere fois)|(?:le|la|l) meme ${SAME_PERSON}|(?:the )?same ${SAME_PERSON}(?: as (?:last time|before|usual|always))?|my (?:usual|regular|normal) ${SAME_PERSON}|the ${SAME_PERSON} i (?:saw|had|see|usually see)(?: last time| before)?|(?:whoever|who) i (?:saw|had) (?:last time|before))\b`,
);

/** Words that may surround a name said alone: "Karim svp", "Karim if possible", "plutôt Karim". */
export const FILLER = new Set(
  (
    "oui yes ok okay d accord alors then so svp stp please pls plz si if possible possibly de preference preferably ideally idealement " +
    "plutot rather non no actually en fait merci thanks thank you et and bien sur sure c est it s is fine parfait perfect great ca " +
    "me va works for ce serait would be good bon hmm euh bah ah oh well je i d like voudrais prefere prefer want veux " +
    "aimerais souhaite pour moi demain a vers at around"
  ).split(" "),
);

/** Words after "avec", "with" that are not a name: "avec plaisir", "with my son", "avec une coloration". */
export const NOT_A_NAME = new Set(
  (
    "plaisir pleasure vous you toi moi me lui elle eux elles nous us them him her it my mon ma mes son sa ses ton ta tes " +
    "notre nos votre vos our your their leur leurs un une des du de le la les l a an the some quelqu quelque someone somebody " +
    "anyone anybody whoever qui who whom personne person n importe peu tout tous toute all everyone everybody " +
    "deux trois quatre cinq two three four five mari femme fils fille enfant enfants bebe husband wife son daughter kid kids " +
    "child children baby mere pere maman papa mother father mom mum dad amie ami copine copain friend soeur frere sister " +
    "brother famille family collegue colleague rendez vous rdv appointment booking reservation rv cette ce cet this that " +
    "same meme autre other another plus more moins less quoi what ca cela pleasure joy grand plaisir interet interest " +
    "coiffeur coiffeuse docteur docteure doctor medecin dentiste dentist hairdresser stylist barber praticien praticienne " +
    "hygienist hygieniste assurance insurance carte card cash especes cheque mutuelle ordonnance prescription " +
    "habituel habituelle habitude usual regular normal dernier derniere last fois time before avant " +
    PERSON_NOUNS
  ).split(" "),
);
