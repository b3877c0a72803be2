import { containsPhrase, normalizeText } from "./normalize-text";

/*
 * Services callers commonly ask for at practices, clinics and salons, so that
 * one the tenant does not offer is named back ("we don't offer massage")
 * instead of being taken for one it does. A term that is one of the tenant's
 * own services or synonyms is never reported. Written as callers say them;
 * matched without accents, singular or plural.
 */
const TERMS = [
  // Hair and beauty
  "massage", "manucure", "pédicure", "épilation", "brushing", "balayage", "mèches", "permanente", "lissage",
  "lissage brésilien", "kératine", "chignon", "barbe", "rasage", "maquillage", "soin du visage", "extensions",
  "tresses", "onglerie", "pose d'ongles", "vernis semi-permanent", "sourcils", "extension de cils", "cils",
  "tatouage", "piercing", "bronzage", "manicure", "pedicure", "waxing", "blow dry", "blowout", "highlights",
  "perm", "keratin", "straightening", "updo", "beard trim", "shave", "makeup", "facial", "braids", "nails",
  "gel nails", "acrylic nails", "eyebrows", "eyelash extensions", "lashes", "tattoo", "spray tan",
  // Dental
  "détartrage", "blanchiment", "blanchiment dentaire", "plombage", "carie", "couronne", "implant", "implants",
  "orthodontie", "appareil dentaire", "bagues", "extraction", "dent de sagesse", "dents de sagesse",
  "dévitalisation", "prothèse dentaire", "dentier", "facettes", "whitening", "teeth whitening", "filling",
  "cavity", "crown", "braces", "invisalign", "orthodontics", "extraction", "wisdom tooth", "wisdom teeth",
  "root canal", "dentures", "veneers", "scaling", "x-ray", "x-rays",
  // Medical specialities and imaging; acts a general practice may do within a consultation
  // (vaccines, certificates, blood tests, dressings) are left out, so they are never refused.
  "radio", "radiographie", "échographie", "électrocardiogramme", "ecg", "kiné", "kinésithérapie", "ostéopathie",
  "acupuncture", "IRM", "scanner", "botox", "ultrasound", "mri", "ct scan", "physiotherapy", "physio",
  "chiropractic", "chiropractor", "eye exam", "psychologue", "psychologist", "dermatologue", "dermatologist",
  "gynécologue", "gynecologist",
];

/** Each word singular or plural: "certificats médicaux" names "certificat médical". */
function pluralPattern(form: string): RegExp {
  const words = form.split(" ").map((w) => (w.endsWith("al") ? `${w.slice(0, -2)}(?:al|aux)` : `${w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?:s|x)?`));
  return new RegExp(`(^|[^a-z0-9])${words.join(" ")}($|[^a-z0-9])`);
}

const ENTRIES = [...new Set(TERMS)]
  .map((display) => {
    const form = normalizeText(display).replace(/[-']/g, " ").replace(/\s+/g, " ");
    return { display, form, pattern: pluralPattern(form) };
  })
  .sort((a, b) => b.form.length - a.form.length);

/**
 * The first commonly asked service that `message` names and that is not one
 * of `offered` (names and synonyms of the tenant's services), as written in
 * the lexicon; null when there is none.
 */
export function unofferedServiceIn(message: string, offered: string[]): string | null {
  const text = normalizeText(message).replace(/[-']/g, " ").replace(/\s+/g, " ");
  const own = offered.map((term) => normalizeText(term).replace(/[-']/g, " ").replace(/\s+/g, " "));
  for (const { display, form, pattern } of ENTRIES) {
    if (!pattern.test(text)) continue;
    // "coupe et barbe" at a barber who offers "Barbe", or "cleaning" contained in "teeth cleaning".
    if (own.some((o) => o === form || containsPhrase(o, form) || containsPhrase(form, o))) continue;
    return display;
  }
  return null;
}
