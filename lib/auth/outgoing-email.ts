import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import type { TenantDb } from "@/lib/db";

/*
 * Every email is written to the tenant's email_outbox; with SMTP_URL set it
 * is also sent through nodemailer and marked sent. Without SMTP the outbox is
 * the mailbox: a dev-only page lists it, so flows that need an email (an
 * invitation) can be followed end to end on a laptop or in CI.
 */

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  kind: "invitation";
}

let transport: Transporter | undefined;

function smtp(): Transporter | undefined {
  const url = process.env.SMTP_URL;
  if (!url) return undefined;
  return (transport ??= nodemailer.createTransport(url));
}

export function outboxIsMailbox(): boolean {
  return !process.env.SMTP_URL && process.env.NODE_ENV !== "production";
}

/** Must run inside the tenant context (db is the tenant-scoped client). */
export async function sendEmail(db: TenantDb, email: OutgoingEmail): Promise<void> {
  const row = await db.emailOutbox.create({
    data: { toAddress: email.to, subject: email.subject, textBody: email.text, kind: email.kind },
  });
  const transporter = smtp();
  if (!transporter) return;
  await transporter.sendMail({
    from: process.env.EMAIL_FROM || "Frontdesk <no-reply@frontdesk.localhost>",
    to: email.to,
    subject: email.subject,
    text: email.text,
  });
  await db.emailOutbox.update({ where: { id: row.id }, data: { sentAt: new Date() } });
}
