import { describe, expect, it } from "vitest";
import { extractPhone, normalizePhone, parseChoice, parseYesNo } from "@/lib/agent/caller-answers";
import { extractName } from "@/lib/agent/caller-names";
import { matchFaq } from "@/lib/agent/faq-matcher";
import { detectLanguage } from "@/lib/agent/language";
import { matchService } from "@/lib/agent/service-matcher";

describe("yes / no", () => {
  it.each([
    ["oui", "yes"],
    ["Oui, c'est parfait", "yes"],
    ["d'accord", "yes"],
    ["OK", "yes"],
    ["ça marche", "yes"],
    ["je confirme", "yes"],
    ["pas de problème", "yes"],
    ["yes please", "yes"],
    ["sure", "yes"],
    ["Yep, sounds good", "yes"],
    ["non", "no"],
    ["Non merci", "no"],
    ["no", "no"],
    ["nope", "no"],
    ["not really", "no"],
    ["ça ne me va pas", "no"],
    ["peut-être", null],
    ["Marie Curie", null],
  ])("%s → %s", (message, expected) => {
    expect(parseYesNo(message)).toBe(expected);
  });
});

describe("choice among offered slots", () => {
  it.each([
    ["la première", 0],
    ["La deuxième s'il vous plaît", 1],
    ["le troisième", 2],
    ["the second one", 1],
    ["the first", 0],
    ["the last one", 2],
    ["2", 1],
    ["option 3", 2],
    ["4", null],
    ["demain", null],
  ])("%s → %s", (message, expected) => {
    expect(parseChoice(message, 3)).toBe(expected);
  });
});

describe("names and phone numbers", () => {
  it.each([
    ["Marie Curie", "Marie Curie"],
    ["je m'appelle Marie Curie", "Marie Curie"],
    ["Je m’appelle jean-luc picard", "Jean-Luc Picard"],
    ["C'est Élodie Müller.", "Élodie Müller"],
    ["My name is John Smith", "John Smith"],
    ["it's jane doe, 416 555 0199", "Jane Doe"],
    ["oui", null],
    ["demain à 10h", null],
    ["123", null],
    ["Je voudrais un rendez-vous", null],
  ])("name in %s → %s", (message, expected) => {
    expect(extractName(message)).toBe(expected);
  });

  it("reads numbers in the tenant's national format and E.164", () => {
    expect(extractPhone("079 123 45 67", "CH")).toBe("+41791234567");
    expect(extractPhone("mon numéro c'est le +41 79 123 45 67", "CH")).toBe("+41791234567");
    expect(extractPhone("416-555-0199", "CA")).toBe("+14165550199");
    expect(extractPhone("0551 23 45 67", "DZ")).toBe("+213551234567");
    expect(extractPhone("demain à 10h", "CH")).toBeNull();
    expect(normalizePhone("whatsapp:+41791234567", "CH")).toBe("+41791234567");
  });

  it.each([
    ["My name is Jane Roe, 613 555 0199", "CA", "Jane Roe", "+16135550199"],
    ["613 555 0199 Jane Roe", "CA", "Jane Roe", "+16135550199"],
    ["(613) 555-0199, Jane Roe", "CA", "Jane Roe", "+16135550199"],
    ["Jane Roe +1 613 555 0199", "CA", "Jane Roe", "+16135550199"],
    ["Jane Roe my number is 613.555.0199", "CA", "Jane Roe", "+16135550199"],
    ["phone 613 555 0199 name Jane Roe", "CA", "Jane Roe", "+16135550199"],
    ["Sure, Jane Roe here", "CA", "Jane Roe", null],
    ["my number is 613 555 0199", "CA", null, "+16135550199"],
    ["tel: 613 555 0199", "CA", null, "+16135550199"],
    ["Je m'appelle Jeanne Roux, 079 555 01 99", "CH", "Jeanne Roux", "+41795550199"],
    ["Jeanne Roux 022 555 01 99", "CH", "Jeanne Roux", "+41225550199"],
    ["079 555 01 99, c'est Jeanne Roux", "CH", "Jeanne Roux", "+41795550199"],
    ["Oui, Jeanne Roux", "CH", "Jeanne Roux", null],
    ["mon numéro c'est le 0041 79-555-01-99", "CH", null, "+41795550199"],
    // Days and times are neither names nor numbers.
    ["at 10:30", "CA", null, null],
    ["Jane Roe at 10:30", "CA", null, null],
    ["January 8 2030 at 10 30", "CA", null, null],
    ["4 pm", "CA", null, null],
    ["08.01.2030 10:30", "CH", null, null],
    ["le 08.01.2030 à 10h30", "CH", null, null],
    ["8 janvier 2030 à 10h30", "CH", null, null],
    ["16h", "CH", null, null],
    ["vers 10h", "CH", null, null],
  ] as const)("%s (%s) → name %s, phone %s", (message, region, name, phone) => {
    expect(extractName(message)).toBe(name);
    expect(extractPhone(message, region)).toBe(phone);
  });

  it("does not take a day or time for a name when told what a moment is", () => {
    const isMoment = (text: string) => /\b(noon|next week|tonight)\b/i.test(text);
    expect(extractName("noon", isMoment)).toBeNull();
    expect(extractName("Jane Roe, next week", isMoment)).toBe("Jane Roe");
  });
});

describe("language", () => {
  it.each([
    ["Bonjour", undefined, "fr"],
    ["Hello", "fr", "en"],
    ["Je voudrais un rendez-vous demain", "en", "fr"],
    ["Can I book a haircut?", "fr", "en"],
    ["ok", "fr", "fr"],
    ["no", "fr", "fr"],
    ["Marie Curie", "en", "en"],
  ] as const)("%s (current %s) → %s", (message, current, expected) => {
    expect(detectLanguage(message, current)).toBe(expected);
  });
});

describe("services and FAQ", () => {
  const services = [
    { id: "1", name: "Bilan de santé", synonyms: ["bilan", "check-up"] },
    { id: "2", name: "Consultation", synonyms: ["rendez-vous", "consult"] },
  ];

  it.each([
    ["Je voudrais un BILAN DE SANTE", "1"],
    ["un check up", "1"],
    ["un checkup svp", "1"],
    ["deux consultations", "2"],
    ["un massage", null],
  ])("%s → service %s", (message, expected) => {
    expect(matchService(message, services)?.id ?? null).toBe(expected);
  });

  it("matches FAQ entries by the share of their question's keywords", () => {
    const faq = [
      { question: "Acceptez-vous les nouveaux patients ?", answer: "Oui.", language: "fr" },
      { question: "Où se garer ?", answer: "Parking Mont-Blanc.", language: "fr" },
    ];
    expect(matchFaq("Vous prenez des nouveaux patients ?", faq, "fr")).toMatchObject({ coverage: 1, entry: { answer: "Oui." } });
    expect(matchFaq("On peut se garer où ?", faq, "fr")?.entry.answer).toBe("Parking Mont-Blanc.");
    expect(matchFaq("Quel temps fait-il ?", faq, "fr")).toBeNull();
  });
});
