import "server-only";
import { tenantDb } from "@/lib/db";
import type { ChannelLocale, ChannelTenant } from "./channel-tenant";
import { toE164 } from "./phone-number";
import type { ChannelContext } from "./channel-gate";
import type { VapiInput } from "./vapi-gate";

/*
 * Handing a call to a person. A function tool's result is only text for
 * Vapi's model: it cannot move the call. Vapi transfers through its own
 * `transferCall` tool, given a destination — either in the tool itself or,
 * when the tool lists none, in our answer to the `transfer-destination-request`
 * it then sends: `{ destination: { type: "number", number, message } }`, or
 * `{ error }` to refuse (see docs.vapi.ai, "Dynamic call transfers").
 * The assistant carries the tenant's transfer phone read when the call
 * starts; the request is answered from the current settings, so a number
 * changed mid-call (or a saved assistant without destinations) still works.
 * The conversation is marked handed off by the `status-update: forwarding`
 * Vapi sends as it transfers.
 */

const TRANSFER_MESSAGE: Record<ChannelLocale, string> = {
  fr: "Je vous mets en relation avec un membre de l'équipe, ne quittez pas.",
  en: "I'm putting you through to a member of the team, please hold.",
};

const NO_TRANSFER: Record<ChannelLocale, string> = {
  fr: "Aucun numéro de transfert n'est configuré : proposez de prendre un message.",
  en: "No transfer number is configured: offer to take a message instead.",
};

export interface TransferDestination {
  type: "number";
  number: string;
  message: string;
  description: string;
}

/** A stored transfer phone in E.164, or null when none (or none usable) is set. */
export function transferPhoneOf(stored: string | null | undefined, tenant: ChannelTenant): string | null {
  const raw = stored?.trim();
  return raw ? toE164(raw, tenant.region) : null;
}

/** The tenant's transfer phone as the settings say now. */
export async function tenantTransferPhone(tenant: ChannelTenant): Promise<string | null> {
  const profile = await tenantDb().businessProfile.findFirst({ select: { transferPhone: true } });
  return transferPhoneOf(profile?.transferPhone, tenant);
}

export function transferDestination(phone: string, locale: ChannelLocale): TransferDestination {
  return {
    type: "number",
    number: phone,
    message: TRANSFER_MESSAGE[locale],
    description: locale === "fr" ? "Un membre de l'équipe" : "A member of the team",
  };
}

/** Vapi's own transfer tool under our tool's name, so the prompt and the tests keep one vocabulary. */
export function transferCallTool(phone: string, locale: ChannelLocale, description: string) {
  return {
    type: "transferCall",
    function: { name: "transfer_call", description },
    destinations: [transferDestination(phone, locale)],
  };
}

/** The answer to `transfer-destination-request`. */
export async function answerTransferDestinationRequest(
  ctx: ChannelContext<"voice", VapiInput>,
): Promise<{ destination: TransferDestination } | { error: string }> {
  const { tenant } = ctx;
  if (!tenant.serving) return { error: NO_TRANSFER[tenant.locale] };
  const phone = await tenantTransferPhone(tenant);
  return phone ? { destination: transferDestination(phone, tenant.locale) } : { error: NO_TRANSFER[tenant.locale] };
}
