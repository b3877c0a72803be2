import "server-only";
import { sendEmail } from "@/lib/auth/outgoing-email";
import { tenantDb } from "@/lib/db";
import { fillMessage, messagesFor, pickUiLocale } from "@/lib/i18n";
import { formatInstant } from "@/lib/i18n/date-format";
import { supportMessages } from "@/lib/i18n/support-messages";
import { runAsTenant } from "@/lib/tenancy";
import type { StartedSupportSession } from "./support-start";

/*
 * Every owner is told by email, in the workspace's language, when support
 * starts viewing: who can see what, why, and until when. Written through the
 * tenant's own outbox (tenant context, app pool), like its other emails.
 */
export async function emailOwnersSupportStarted(started: StartedSupportSession): Promise<void> {
  const { tenant } = started;
  const locale = pickUiLocale(null, tenant.locale);
  const t = messagesFor(supportMessages, locale);
  const when = (at: Date) => formatInstant(at, tenant.timezone, locale, { dateStyle: "long", timeStyle: "short" });
  const subject = fillMessage(t.emailSubject, { business: tenant.name });
  const text = fillMessage(t.emailBody, {
    business: tenant.name,
    start: when(started.startedAt),
    end: when(started.expiresAt),
    reason: started.reason,
    access: tenant.supportWritesAllowed ? t.emailAccessWrite : t.emailAccessRead,
  });
  await runAsTenant(tenant.id, async () => {
    for (const to of started.ownerEmails) await sendEmail(tenantDb(), { to, subject, text, kind: "support" });
  });
}
