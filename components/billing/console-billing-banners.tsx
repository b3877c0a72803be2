import Link from "next/link";
import type { BillingBanner, BillingBannerView } from "@/lib/billing/banner";
import { fillMessage, messagesFor, type UiLocale } from "@/lib/i18n";
import { billingBannerMessages } from "@/lib/i18n/billing-banner-messages";
import { formatInstant } from "@/lib/i18n/date-format";

/*
 * The billing banner above every console page, from billingBannerView. None
 * can be dismissed: each says what is happening and what to do, and the
 * blocking ones are alerts. The owner gets the button to Billing; others are
 * told to ask the owner, since only the owner may pay.
 */

type T = (typeof billingBannerMessages)["en"];
type Tone = "info" | "warning" | "blocking";
type Action = "goToBilling" | "updatePayment" | "choosePlan" | "none";

export interface BannerContent {
  kind: BillingBanner["kind"];
  tone: Tone;
  text: string;
  action: Action;
}

const DAY = 24 * 3600 * 1000;
const DATE: Intl.DateTimeFormatOptions = { dateStyle: "long" };
const METRICS = new Set(["conversations", "call_minutes", "model_tokens"]);

export function bannerContent(banner: BillingBanner, t: T, locale: UiLocale, timeZone: string): BannerContent | null {
  const date = (iso: string | Date) => formatInstant(iso, timeZone, locale, DATE);
  switch (banner.kind) {
    case "trial": {
      const text =
        banner.daysLeft <= 0 ? t.trialToday : banner.daysLeft === 1 ? fillMessage(t.trialTomorrow, { date: date(banner.endsAt) }) : fillMessage(t.trialDays, { date: date(banner.endsAt), days: banner.daysLeft });
      return { kind: banner.kind, tone: banner.daysLeft <= 3 ? "warning" : "info", text, action: "choosePlan" };
    }
    case "past_due":
      return {
        kind: banner.kind,
        tone: banner.configLocked ? "blocking" : "warning",
        text: banner.configLocked
          ? fillMessage(t.configLocked, { suspendDate: date(banner.suspendsAt) })
          : fillMessage(t.pastDue, { lockDate: date(new Date(new Date(banner.since).getTime() + 7 * DAY)), suspendDate: date(banner.suspendsAt) }),
        action: "updatePayment",
      };
    case "support_suspended":
      return { kind: banner.kind, tone: "blocking", text: fillMessage(t.supportSuspended, { date: date(banner.since), reason: banner.reason }), action: "none" };
    case "suspended":
      return { kind: banner.kind, tone: "blocking", text: t.suspended, action: "updatePayment" };
    case "trial_ended":
      return { kind: banner.kind, tone: "blocking", text: t.trialEnded, action: "choosePlan" };
    case "cancelled":
      return {
        kind: banner.kind,
        tone: "blocking",
        text: banner.deletionDueAt ? fillMessage(t.cancelled, { date: date(banner.deletionDueAt) }) : t.cancelledNoDate,
        action: "choosePlan",
      };
    case "usage": {
      if (!METRICS.has(banner.metric)) return null;
      const metric = banner.metric as "conversations" | "call_minutes" | "model_tokens";
      const full = banner.percent >= 100;
      const head = fillMessage(full ? t.usage100 : t.usage80, { metric: t[`metric_${metric}`] });
      const then = t[`${full ? "now" : "then"}_${metric}_${banner.overLimit}`];
      // Tokens never refuse anyone: the keyword engine answers instead.
      const tone: Tone = full && metric !== "model_tokens" && banner.overLimit === "refuse" ? "blocking" : "warning";
      return { kind: banner.kind, tone, text: `${head} ${then}`, action: "goToBilling" };
    }
  }
}

const TONE_CLASS: Record<Tone, string> = {
  info: "border-sky-200 bg-sky-50 text-sky-950",
  warning: "border-amber-300 bg-amber-50 text-amber-950",
  blocking: "border-red-300 bg-red-50 text-red-950",
};

export function ConsoleBillingBanners({ view, canManage, locale }: { view: BillingBannerView; canManage: boolean; locale: UiLocale }) {
  const t = messagesFor(billingBannerMessages, locale);
  const contents = view.banners.map((b) => bannerContent(b, t, locale, view.timeZone)).filter((c): c is BannerContent => c !== null);
  if (!contents.length) return null;
  return (
    <section aria-label={t.region} className="space-y-2 px-4 py-3 sm:px-6 lg:px-10">
      {contents.map((c, i) => (
        <div
          key={`${c.kind}-${i}`}
          role={c.tone === "info" ? "status" : "alert"}
          data-testid={`billing-banner-${c.kind}`}
          data-tone={c.tone}
          className={`flex flex-col gap-2 rounded-lg border px-4 py-3 text-sm sm:flex-row sm:items-center sm:justify-between ${TONE_CLASS[c.tone]}`}
        >
          <p>{c.text}</p>
          {c.action === "none" ? null : canManage ? (
            <Link href="/billing" className="shrink-0 rounded-lg bg-white px-3 py-1.5 font-semibold text-ink ring-1 ring-slate-300 hover:bg-slate-50">
              {t[c.action]}
            </Link>
          ) : (
            <p className="shrink-0 text-xs">{t.askOwner}</p>
          )}
        </div>
      ))}
    </section>
  );
}
