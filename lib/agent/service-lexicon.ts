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
  // Medical
  "radio", "radiographie", "vaccin", "vaccination", "prise de sang", "analyse de sang", "analyses",
  "certificat médical", "échographie", "électrocardiogramme", "ecg", "kiné", "kinésithérapie", "ostéopathie",
  "acupuncture", "IRM", "scanner", "pansement", "points de suture", "test covid", "injection", "botox",
  "vaccine", "flu shot", "blood test", "blood work", "physical", "physiotherapy", "physio", "ultrasound",
  "mri", "ct scan", "stitches", "covid test", "chiropractic", "chiropractor", "eye exam", "therapy",
  "psychologue", "psychologist", "dermatologue", "dermatologist", "gynécologue", "gynecologist",
];

const ENTRIES = [...new Set(TERMS)]
  .map((display) => ({ display, form: normalizeText(display).replace(/[-']/g, " ").replace(/\s+/g, " ") }))
  .sort((a, b) => b.form.length - a.form.length);

/**
 * The first commonly asked service that `message` names and that is not one
 * of `offered` (names and synonyms of the tenant's services), as written in
 * the lexicon; null when there is none.
 */
export function unofferedServiceIn(message: string, offered: string[]): string | null {
  const text = normalizeText(message).replace(/[-']/g, " ").replace(/\s+/g, " ");
  const own = offered.map((term) => normalizeText(term).replace(/[-']/g, " ").replace(/\s+/g, " "));
  for (const { display, form } of ENTRIES) {
    const said = [form, `${form}s`, `${form}x`].some((f) => containsPhrase(text, f));
    if (!said) continue;
    // "coupe et barbe" at a barber who offers "Barbe", or "cleaning" contained in "teeth cleaning".
    if (own.some((o) => o === form || containsPhrase(o, form) || containsPhrase(form, o))) continue;
    return display;
  }
  return null;
}
