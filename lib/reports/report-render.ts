import "server-only";
import { formatCalendarDate } from "@/lib/i18n/date-format";
import { fillMessage, type Messages } from "@/lib/i18n/messages";
import { reportMessages } from "@/lib/i18n/reports-messages";
import type { UiLocale } from "@/lib/i18n/ui-locale";
import { CHANNELS, type ReportFigures } from "./report-figures";

/*
 * The report as text and as simple HTML, from the stored figures, in one
 * language: the email uses the tenant's, the Reports page the reader's.
 * Everything a tenant typed (service and client names) is escaped in HTML.
 */

export interface RenderFacts {
  business: string;
  hour: number;
  settingsUrl: string;
}

export interface RenderedReport {
  subject: string;
  text: string;
  html: string;
}

type M = Messages<keyof (typeof reportMessages)["en"]>;

interface Section {
  heading: string;
  lines: string[];
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function sections(f: ReportFigures, locale: UiLocale, m: M): Section[] {
  const n = (v: number) => v.toLocaleString(locale === "fr" ? "fr-FR" : "en-CA");
  const line = (label: string, value: string) => fillMessage(m.figure, { label, value });
  return [
    {
      heading: m.conversationsHeading,
      lines: [...CHANNELS.map((c) => line(m[`channel_${c}`], n(f.conversations[c]))), line(m.conversationsTotal, n(f.conversations.total))],
    },
    {
      heading: m.appointmentsHeading,
      lines: [
        line(m.bookings, n(f.appointments.bookings)),
        line(m.moves, n(f.appointments.moves)),
        line(m.cancellations, n(f.appointments.cancellations)),
        line(m.noShows, n(f.appointments.noShows)),
      ],
    },
    { heading: m.handoffsHeading, lines: [f.openHandoffs ? fillMessage(m.handoffsOpen, { count: n(f.openHandoffs) }) : m.handoffsNone] },
    {
      heading: fillMessage(m.agendaHeading, { date: formatCalendarDate(f.agenda.date, locale, { dateStyle: "full" }) }),
      lines: f.agenda.items.length
        ? f.agenda.items.map((a) => fillMessage(m.agendaLine, { time: a.time, service: a.serviceNames[locale] ?? a.service, client: a.client }))
        : [m.agendaEmpty],
    },
    {
      heading: fillMessage(m.usageHeading, { month: f.usage.month, plan: f.usage.plan }),
      lines: f.usage.lines.map((l) =>
        line(m[`usage_${l.metric}`], l.included === null ? fillMessage(m.usageUnlimited, { used: n(l.used) }) : fillMessage(m.usageOf, { used: n(l.used), included: n(l.included) })),
      ),
    },
  ];
}

export function renderReport(f: ReportFigures, locale: UiLocale, facts: RenderFacts): RenderedReport {
  const m = reportMessages[locale];
  const date = formatCalendarDate(f.localDate, locale, { dateStyle: "full" });
  const heading = fillMessage(m.heading, { date });
  const intro = fillMessage(m.intro, { date, timezone: f.timezone });
  const footer = fillMessage(m.footer, { hour: `${String(facts.hour).padStart(2, "0")}:00`, url: facts.settingsUrl });
  const parts = sections(f, locale, m);
  const text = [heading, intro, ...parts.map((s) => [s.heading, ...s.lines.map((l) => `- ${l}`)].join("\n")), footer].join("\n\n");
  const html = [
    `<!doctype html><html lang="${locale}"><body style="font-family:sans-serif;color:#111">`,
    `<h1 style="font-size:20px">${esc(heading)}</h1>`,
    `<p>${esc(intro)}</p>`,
    ...parts.map((s) => `<h2 style="font-size:16px">${esc(s.heading)}</h2><ul>${s.lines.map((l) => `<li>${esc(l)}</li>`).join("")}</ul>`),
    `<p style="color:#555;font-size:12px">${esc(footer)}</p>`,
    `</body></html>`,
  ].join("\n");
  return { subject: fillMessage(m.subject, { business: facts.business, date }), text, html };
}

/** The sections alone, for the Reports page's own layout. */
export function reportSections(f: ReportFigures, locale: UiLocale): Section[] {
  return sections(f, locale, reportMessages[locale]);
}
