import { wordsOf } from "./normalize-text";

/*
 * Keyword rules over normalized text (lower case, no accents). Each rule is a
 * regular expression so the table reads as the vocabulary it recognises.
 */

export const HANDOFF =
  /\b(humain|human|agent|receptionniste|receptionist|secretaire|secretary|standardiste|operat(eur|rice|or)|representative|conseill(er|ere)|vraie? personne|real person|live person)\b|\b(parler (a|au|aux|avec)|passer|joindre|transferer|mettre en relation)\b.{0,30}\b(quelqu'un|quelqu un|personne|equipe|docteur|doc|medecin|dentiste|coiffeuse|responsable|gerant|gerante|patron|patronne)\b|\b((speak|talk) (to|with)|transfer|connect|put me through)\b.{0,30}\b(someone|somebody|person|staff|team|doctor|doc|dentist|hairdresser|manager|owner|boss|anyone)\b/;

/** Symptoms and situations that call for emergency services, in any business. */
export const EMERGENCY_SYMPTOMS =
  /\b(douleurs? (a|dans) la poitrine|douleur thoracique|mal (a|dans) la poitrine|serre(ment)? (a|dans) la poitrine|crise cardiaque|infarctus|avc|attaque cerebrale|(n'?arrive|n arrive|peu[xt]) (pas|plus) (a )?respirer|du mal a respirer|difficultes? (a|pour) respirer|respire (plus|mal|difficilement)|j'?etouffe|il etouffe|elle etouffe|inconsciente?|perdu connaissance|evanouie?|s'?est evanoui|saigne (beaucoup|enormement|abondamment|sans arret)|hemorragie|beaucoup de sang|convulsions?|crise d'?epilepsie|overdose|intoxication|empoisonne|suicid\w*|me tuer|en finir avec la vie|choc anaphylactique|reaction allergique|gorge (qui )?gonfle|brulure grave|paralyse|rage de dents?|dent cassee|abces|(joue|visage|gorge|levre)s? (est |sont )?(tres |trop )?gonfle(e|es|s)?|douleur (insupportable|atroce)|j'?ai (tres|trop|tellement) mal|(fait|a fait|fais|faire) un malaise|malaise cardiaque|tombee? dans les pommes|perte de connaissance|ne (repond|reagit|se reveille) (plus|pas)|crise d'?asthme|avale (de la |de l'|du |des |une |un )?(eau de )?(javel|medicaments?|cachets?|pilules?|comprimes?|produit menager|piles?|detergent)|asthma attack|convulse|convulsing|(devient|devenu|devenue|deviennent) (tout |toute )?bleue?s?|levres (sont )?bleues|turning blue|lips are blue|(perdu|perd) les eaux|water (broke|has broken)|contractions|en train d'?accoucher|in labou?r|coupee? profondement|deep cut|entaille profonde|(not|isn'?t|is not|stopped) responding|unresponsive|won'?t wake up|not waking up|collapsed|choking|(swallowed|drank|ate) (some |a |the )?(bleach|pills|medication|medicine|battery|batteries|chemicals|detergent)|chest pains?|heart attack|stroke|(can'?t|cannot|can not|unable to) breathe|trouble breathing|difficulty breathing|short(ness)? of breath|not breathing|unconscious|passed out|fainted|bleeding (heavily|a lot|badly|profusely)|won'?t stop bleeding|lots of blood|seizure|overdos\w*|poison\w*|kill myself|end my life|anaphyla\w*|allergic reaction|throat (is )?(swelling|closing)|severe (pain|toothache|bleeding|burn)|unbearable pain|knocked out (a |my )?tooth|tooth (got )?knocked out|broken tooth|abscess|swollen (face|jaw|cheek|lip|throat)|(face|jaw|cheek|lip|throat) is (really |very |so )?swollen|hurts? (really |so |very )?(bad|badly|much)|(severe|terrible|horrible|awful) toothache|(really|very) bad pain|excruciating)\b/;

/** Urgency words; without a symptom they are an emergency only when no service is being booked. */
export const URGENCY = /\b(urgence|urgences|urgent|urgente|urgently|emergency|emergencies|au secours|help me|aidez[- ]moi)\b/;

/** Urgency denied ("ce n'est pas urgent", "no rush"): removed before looking for urgency. */
export const NOT_URGENT =
  /\b((ce )?n'?est pas (une )?urgen\w*|c'?est pas (une )?urgen\w*|pas urgent\w*|pas d'?urgence|rien d'?urgent|non urgent\w*|not (an )?(urgent|emergency)|no emergency|nothing urgent|no rush|pas presse)\b/g;

export const CANCEL =
  /\b(annuler|annulez|annule|annulation|desister|cancel|cancell?ation|call off|ne (pourrai|pourrais|peux) (pas|plus) venir|can'?t make it|cannot make it)\b/;

export const MOVE =
  /\b(deplacer|deplacez|decaler|decalez|reporter|repousser|reprogrammer|avancer|changer (mon|le|l'|l |de) ?(rendez|rdv|horaire|heure|date|creneau|jour)|modifier (mon|le) (rendez|rdv|horaire|creneau)|reschedule|move (my|the|it)|(push|switch|swap|bump|shift) (my|the|it) (\d\w*|appointment|booking|appt|cleaning|checkup|slot|time)|(mettre|passer) (mon|le) (rdv|rendez[- ]vous) (a|au|plutot)|change (my|the) (appointment|booking|time|slot|day)|postpone|push (it |my appointment )?back|bring (it )?forward)\b/;

/** "À quelle heure est mon rendez-vous ?", "when is my appointment?": the caller's own bookings. */
export const MY_APPOINTMENTS =
  /\b((a )?quelle heure (est |c'?est )?mon (rdv|rendez[- ]vous)|quand (est|c'?est) mon (rdv|rendez[- ]vous)|mon (rdv|rendez[- ]vous) (c'?est |est )?(quand|a quelle heure|quel jour)|(est[- ]ce que )?j'?ai (bien )?(un|des) (rdv|rendez[- ]vous)|mes (rdv|rendez[- ]vous)|when is my (appointment|booking)|what time is my (appointment|booking)|(do|did) i have (an|any) (appointment|booking)|my (next |upcoming )?(appointment|booking)s? (is|are) when|remind me (of|when) my)/;

export const HOURS =
  /\b(horaires?|heures d'ouverture|heures d ouverture|ouvert|ouverts|ouverte|ouvrez|ouverture|fermez|ferme|fermes|fermeture|open|opening|hours|closed|close|closing|(le docteur|la docteure?|le dentiste|la coiffeuse|vous) (recoit|recoivent|recevez|consulte|consultez|travaille|travaillez|bossez)|do you (guys )?work|are you working|does the (doctor|dentist) work)\b/;

/** "Are you open?", "vous êtes ouverts là ?": the state right now, not the week's hours. */
export const OPEN_NOW =
  /\b((ouverts?|ouverte|open|ferme|fermes|closed) (maintenant|en ce moment|actuellement|la|now|right now|at the moment|currently)|(maintenant|en ce moment|actuellement|right now|currently|at the moment) (ouverts?|open|ferme|fermes|closed)|still open|encore ouverts?|toujours ouverts?|(etes[- ]vous|vous etes|are you|you guys|u) (encore |still |bien |actuellement |currently )?(ouverts?|open)\b(?! (le|les|on|ce|cette|this|next|demain|tomorrow|quand|when|a quelle|at what|what|which|jusqu|until|till|tous|every|entre|between|a|at|pendant|during|au|the|in|le midi|at lunch|(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?|weekends?|week[- ]?end)\b))/;

/** A follow-up that only says "now" ("et là maintenant ?", "what about right now?"): open now. */
export const NOW_ONLY = /^(et |and |what about |how about |mais )?(la |right )?(maintenant|now|en ce moment|actuellement|currently|at the moment)( alors| then)?$/;

export const ADDRESS =
  /\b(adresse|ou etes[- ]vous|vous etes ou|t'?es ou|c'?est ou|ou vous trouvez|ou se trouve|ou est (le|la|votre)|situes?|situee?s?|localisation|address|where are you|where r u|where u at|where is|located|location|whereabouts)\b/;

export const DIRECTIONS =
  /\b(comment (venir|y aller|vous trouver|on vient|acceder|se rendre|aller chez vous)|acces|itineraire|directions?|how (do|can) i (get|find)|how to (get|find)|get (there|to you)|find you)\b/;

export const PRICES =
  /\b(prix|tarifs?|tarification|combien(?! de temps)|coute|coutent|couter|cout|how much|prices?|pricing|cost|costs|rates?|fees?|charge|frais)\b|\d\s*(chf|eur|euros?|francs?|dinars?|da|dzd|dollars?|cad|bucks|balles)\b|\b(chf|cad|dzd)\s*\d/;

export const DURATION = /\b(combien de temps|ca dure|dure combien|duree|how long|duration)\b/;

export const SERVICES =
  /\b(quel(le)?s? (sont )?(vos |les )?(services|prestations|soins|traitements)|quel(le)?s? (genre|type|sorte)s? de (services|prestations|soins)|what (services|treatments|kind of (services|treatments))|which services|(vous )?(faites|proposez|offrez) quoi|qu'?est[- ]ce que vous (faites|proposez|offrez)|liste des (prestations|services)|vos (services|prestations)|your services|services (do you|offered)|what do you (offer|do|provide|have)|do (you|u) (guys )?(do|offer|provide)|do (you|u) (guys )?have (?!(anything|any|something|availability|slots?|openings?|time|room|space|spots?|a (slot|spot|space|time))\b)|vous (faites|proposez|offrez|pratiquez)|est[- ]ce que vous faites)\b/;

/** Wanting something: a booking when it names a service, offered or not ("je voudrais un blanchiment"). */
export const WANT = /\b(voudrais|voudrai|veux|souhaite|souhaiterais|aimerais|besoin|cherche|would like|i'?d like|want|wanna|need|looking for)\b/;

export const BOOKING_VERB =
  /\b(rendez[- ]vous|rdv|reserver|reservation|prendre|booker|book|booking|appointment|appt|schedule|disponibilites?|dispos?|available|availability|openings|an opening|any opening|creneaux?|slots?|venir|consulter|come in|(voir|see) (le |la |un |une |a |an |the )?(medecin|docteur|doctor|dentiste|dentist|hygienist|coiffeuse|hairdresser|stylist))\b/;

/** "Non, plutôt…", "actually…": the caller changes what they said. */
export const CORRECTION =
  /\b(plutot|en fait|finalement|au final|je me suis trompee?|je me trompe|je voulais dire|ah non|oh non|attendez|attends|correction|changement|actually|instead|rather|make it|change (it|that) to|scratch that|wait|i meant|i mean|on second thought|switch (it )?to|let'?s (do|say)|how about|what about|et si|can we do|could we do|can you do|could you do)\b/;

export const THANKS = /\b(merci|mrc|thanks|thank you|thx|ty|tysm|cheers|choukran|chokran|shukran|shokran|saha|sahit|yaatik saha|barak ?allahou? fik)\b/;

export const GOODBYE =
  /\b(au revoir|bonne (journee|soiree|fin de journee)|bon (week-?end|apres-midi)|a bientot|a tantot|a tout a l'heure|a toute|a la prochaine|ciao|tchao|bye|goodbye|see you|see ya|cya|take care|have a (good|nice|great) (one|day|evening|weekend)|c'est tout|ce sera tout|that's all|thats all|non merci|no thanks|no thank you|rien d'autre|nothing else|b(e|i)s?slama|ma ?a salama|je (vous )?rappellerai|je (vais|vous) rappeler|i'?ll call (you )?back|i will call (you )?back|call you back)\b/;

const GREETING_WORDS = new Set(
  (
    "bonjour bonsoir salut coucou allo hello hi hey good morning afternoon evening there madame monsieur mme mr mrs ms dear yo slt bjr cc " +
    "salam salem wesh ahlan marhba assalamou assalam alaykoum alikoum aleykoum"
  ).split(" "),
);

/** "Comment allez-vous ?", "how are you doing?", "allô, vous m'entendez ?": politeness or a line check that asks for nothing. */
const SMALL_TALK =
  /\b(comment (ca va|allez[- ]vous|vas[- ]tu|tu vas|vous allez)|(ca|vous) va(s|z)? (bien|bien et vous)|ca va|vous allez bien|tu vas bien|j'?espere que vous allez bien|how are (you|u|ya)( doing| today)?|how'?s it going|how (are )?(you|u) doing|hope (you'?re|you are|ur) (well|good|doing well|having a (good|great|nice) day)|vous m'?entendez( bien)?|tu m'?entends|on m'?entend|vous me recevez|(il )?y a quelqu'?un|can you hear me|can u hear me|are you there|you there|anybody there|is anyone there)\b/g;

/** A message that only greets ("Bonjour !", "Hi there", "hi, how are you?"). */
export function isPureGreeting(normalized: string): boolean {
  const stripped = normalized.replace(SMALL_TALK, " ");
  const words = wordsOf(stripped);
  if (!words.length) return stripped !== normalized;
  return words.every((w) => GREETING_WORDS.has(w)) && words.some((w) => w !== "good");
}

/** Words that carry no service name, so what remains after removing them may be one we do not offer. */
const BOOKING_FILLER = new Set(
  (
    "je j voudrais voudrai veux souhaite souhaiterais aimerais peux pourrais pouvez prendre reserver reservation " +
    "rendez vous rdv un une des de du le la les pour avec moi mon ma s il plait svp merci bonjour allo please " +
    "i d like would want to book booking an a for appointment make schedule me my get need hello hi thanks can " +
    "could have there is it possible est ce que disponibilite disponibilites available availability creneau slot " +
    "nouveau nouvelle new ok oui yes salut hey bonsoir stp plz pls svp aussi also et and quand when bjr slt cc " +
    "mere pere fils fille mari femme enfant enfants bebe maman papa famille mother father son daughter husband wife " +
    "kid kids child children baby family myself docteur doctor medecin dentiste dentist coiffeuse hairdresser"
  ).split(" "),
);

/** Where a request says what it is for: "un rendez-vous pour un lavage", "an appointment for a scan". */
const FOR_WHAT = /\b(?:(?:pour|for)\s+(?:un|une|des|du|de la|le|la|l'|a|an|some|the)|(?:reserver|prendre|faire|book|get|schedule|have)\s+(?:un|une|des|a|an|some))\s+(.*)$/;

/** Whether a booking request says it is for something besides filler, i.e. a service we did not recognise. */
export function namesUnknownThing(normalized: string, timeWords: RegExp): boolean {
  const what = normalized.match(FOR_WHAT)?.[1];
  if (!what) return false;
  return wordsOf(what.replace(timeWords, " ")).some((w) => w.length > 2 && !BOOKING_FILLER.has(w) && !/\d/.test(w));
}

/** Words of a request for a free slot ("vous auriez quelque chose de libre ?"): such a question is a booking. */
const ASKS_FOR_A_SLOT =
  /\b(libres?|places?|dispos?|disponibles?|possible|passer|venir|quelque chose|something|anything|free|room|spots?|space|openings?|avez|auriez|aurait|have|got|any|fit me in|squeeze)\b/;

const QUESTION_START = /^(vous savez|savez[- ]vous|tu sais|do you know|does anyone know|any idea|what|quel|quelle|quels|qui|who|why|pourquoi|how|comment)\b/;

/**
 * A question about something else that happens to name a day ("vous savez
 * quel temps il fera demain ?"): not a booking. Read as such only when at
 * least three words are neither booking nor time vocabulary.
 */
export function asksAboutSomethingElse(message: string, normalized: string): boolean {
  if (!message.includes("?") && !QUESTION_START.test(normalized)) return false;
  if (ASKS_FOR_A_SLOT.test(normalized)) return false;
  const rest = wordsOf(normalized.replace(TIME_WORDS, " "));
  return rest.filter((w) => w.length > 2 && !BOOKING_FILLER.has(w) && !GREETING_WORDS.has(w) && !/\d/.test(w)).length >= 3;
}

/** Day and time vocabulary, removed before looking for an unknown service name. */
export const TIME_WORDS =
  /\b(aujourd'?hui|demain|apres[- ]?demain|matin|matinee|apres[- ]?midi|soir|soiree|semaine|prochaine?|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|vers|today|tomorrow|morning|afternoon|evening|tonight|next|this|week|monday|tuesday|wednesday|thursday|friday|saturday|sunday|at|around|am|pm|heures?|h\d*|janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|january|february|march|april|may|june|july|august|september|october|november|december|midi|noon|plus|tot|vite|possible|earliest|soonest|asap|first|premier|early|late|fin|debut|after|before|apres|avant|end|half|past|quarter|quart|demie?|moins)\b/g;
