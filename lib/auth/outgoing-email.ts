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
  kind: "invitation" | "billing" | "client_message" | "report" | "support" | "notification";
}

let transport: Transporter | undefined;

function smtp(): Transporter | undefined {
  const url = process.env.SMTP_URL;
  if (!url) return undefined;
  return (transport ??= nodemailer.createTransport(url));
}

/**
 * Email about a person's account rather than a workspace (a password reset):
 * it belongs in no workspace's outbox, where that workspace's managers could
 * read it. Sent over SMTP; without SMTP (development) it is printed to the
 * server's log instead.
 */
export async function sendAccountEmail(email: { to: string; subject: string; text: string; kind: "password_reset" }): Promise<void> {
  const transporter = smtp();
  if (!transporter) {
    if (process.env.NODE_ENV === "production") throw new Error("SMTP_URL must be set to send account emails");
    console.info(`[mail] ${email.kind} to ${email.to}\nSubject: ${email.subject}\n\n${email.text}\n`);
    return;
  }
  await transporter.sendMail({ from: process.env.EMAIL_FROM || "Frontdesk <no-reply@frontdesk.localhost>", to: email.to, subject: email.subject, text: email.text });
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

export interface QueuedEmail {
  /** The email_outbox row, written by the caller in the transaction that decided to send. */
  id: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** Sends an email already in the outbox over SMTP (nothing to do without SMTP) and marks it sent. */
export async function transmitQueuedEmail(db: TenantDb, email: QueuedEmail): Promise<void> {
  const transporter = smtp();
  if (!transporter) return;
  await transporter.sendMail({
    from: process.env.EMAIL_FROM || "Frontdesk <no-reply@frontdesk.localhost>",
    to: email.to,
    subject: email.subject,
    text: email.text,
    ...(email.html ? { html: email.html } : {}),
  });
  await db.emailOutbox.update({ where: { id: email.id }, data: { sentAt: new Date() } });
}
