import type { Region } from "@/lib/db/generated/client";

/** Opening interval in local time, "HH:MM". */
type Interval = [string, string];

export interface DemoTenant {
  slug: string;
  name: string;
  region: Region;
  timezone: string;
  locale: "fr" | "en";
  languages: Array<"fr" | "en">;
  address: string;
  directions: string;
  ownerEmail: string;
  ownerName: string;
  adminPhone: string;
  /** ISO weekday (1 = Monday) → intervals; missing days are closed. */
  hours: Record<number, Interval[]>;
  services: Array<{
    name: string;
    /** The name callers of another language hear. */
    names?: Partial<Record<"fr" | "en", string>>;
    durationMinutes: number;
    synonyms?: string[];
    priceCents?: number;
    currency?: string;
  }>;
  faq: Array<{ question: string; answer: string; language: "fr" | "en" }>;
  voiceNumber: string;
  whatsappNumber: string;
  personaName: string;
  greeting: Partial<Record<"fr" | "en", string>>;
}

const weekdays = (intervals: Interval[], days: number[]) =>
  Object.fromEntries(days.map((d) => [d, intervals])) as Record<number, Interval[]>;

export const DEMO_TENANTS: DemoTenant[] = [
  {
    slug: "cabinet-dupont",
    name: "Cabinet Dr Dupont",
    region: "CH",
    timezone: "Europe/Zurich",
    locale: "fr",
    languages: ["fr"],
    address: "Rue du Rhône 42, 1204 Genève",
    directions: "Tram 12 ou 17, arrêt Molard. Le cabinet est au 2e étage, ascenseur à droite de l'entrée.",
    ownerEmail: "owner@cabinet-dupont.test",
    ownerName: "Dr Claire Dupont",
    adminPhone: "+41225550100",
    hours: {
      ...weekdays(
        [
          ["08:30", "12:00"],
          ["13:30", "18:00"],
        ],
        [1, 2, 3, 4, 5],
      ),
      6: [["09:00", "12:00"]],
    },
    services: [
      { name: "Consultation", names: { en: "Consultation" }, durationMinutes: 30, synonyms: ["rendez-vous", "consult"], priceCents: 12000, currency: "chf" },
      { name: "Bilan de santé", names: { en: "Health check-up" }, durationMinutes: 60, synonyms: ["bilan", "check-up"], priceCents: 25000, currency: "chf" },
    ],
    faq: [
      { question: "Acceptez-vous les nouveaux patients ?", answer: "Oui, le cabinet accepte de nouveaux patients.", language: "fr" },
      { question: "Où se garer ?", answer: "Le parking Mont-Blanc est à deux minutes à pied.", language: "fr" },
    ],
    voiceNumber: "+41225550101",
    whatsappNumber: "+41225550102",
    personaName: "Camille",
    greeting: { fr: "Cabinet du Dr Dupont, bonjour ! Ici Camille, comment puis-je vous aider ?" },
  },
  {
    slug: "salon-amel",
    name: "Salon Amel",
    region: "DZ",
    timezone: "Africa/Algiers",
    locale: "fr",
    languages: ["fr", "en"],
    address: "12 rue Didouche Mourad, Alger",
    directions: "Métro Tafourah – Grande Poste, puis cinq minutes à pied en remontant la rue Didouche Mourad.",
    ownerEmail: "owner@salon-amel.test",
    ownerName: "Amel Benali",
    adminPhone: "+21321550100",
    hours: weekdays([["09:00", "19:00"]], [2, 3, 4, 5, 6]),
    services: [
      { name: "Coupe", names: { en: "Haircut" }, durationMinutes: 30, synonyms: ["haircut", "cut"], priceCents: 150000, currency: "dzd" },
      { name: "Coloration", names: { en: "Colouring" }, durationMinutes: 90, synonyms: ["colouring", "coloring", "couleur"], priceCents: 450000, currency: "dzd" },
    ],
    faq: [
      { question: "Faut-il réserver ?", answer: "Nous recommandons de réserver, mais nous prenons aussi sans rendez-vous.", language: "fr" },
      { question: "Do you take walk-ins?", answer: "Yes, when a chair is free; booking is recommended.", language: "en" },
    ],
    voiceNumber: "+21321550101",
    whatsappNumber: "+21321550102",
    personaName: "Lina",
    greeting: {
      fr: "Salon Amel, bonjour ! Ici Lina, que puis-je faire pour vous ?",
      en: "Salon Amel, hello! This is Lina, how can I help?",
    },
  },
  {
    slug: "maple-dental",
    name: "Maple Dental",
    region: "CA",
    timezone: "America/Toronto",
    locale: "en",
    languages: ["en"],
    address: "200 King St W, Toronto, ON M5H 3T4",
    directions: "St Andrew subway station, then a two-minute walk west on King Street. We are on the 4th floor.",
    ownerEmail: "owner@maple-dental.test",
    ownerName: "Dr Sam Tremblay",
    adminPhone: "+14165550100",
    hours: weekdays([["09:00", "17:00"]], [1, 2, 3, 4, 5]),
    services: [
      { name: "Cleaning", names: { fr: "Nettoyage dentaire" }, durationMinutes: 45, synonyms: ["hygiene", "teeth cleaning", "nettoyage", "détartrage"], priceCents: 15000, currency: "cad" },
      { name: "Checkup", names: { fr: "Examen de contrôle" }, durationMinutes: 30, synonyms: ["exam", "check-up", "examen", "contrôle"], priceCents: 9000, currency: "cad" },
    ],
    faq: [
      { question: "Do you accept insurance?", answer: "We bill most major insurers directly.", language: "en" },
      { question: "Is there parking?", answer: "Paid parking is available under the building.", language: "en" },
    ],
    voiceNumber: "+14165550101",
    whatsappNumber: "+14165550102",
    personaName: "Maya",
    greeting: { en: "Maple Dental, good day! This is Maya, how can I help you?" },
  },
];
