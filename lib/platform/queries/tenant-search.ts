import "server-only";
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import { z } from "zod";
import { decodeKeysetCursor, type KeysetPosition } from "@/lib/http/keyset-cursor";

/*
 * What the tenants list accepts and how a free-text search is read. One box
 * searches every key support is given on the phone: a name or slug, an owner's
 * email, a Stripe customer id, a tenant id, or a routed number typed any way a
 * person would ("+33 6 12 34 56 78", "06 12 34 56 78", "0041 22 555 01 02").
 */

export const TENANT_STATUSES = ["trial", "active", "past_due", "suspended", "cancelled"] as const;
export const TENANT_REGIONS = ["FR", "BE", "CH", "DZ", "CA"] as const;
export type TenantRegion = (typeof TENANT_REGIONS)[number];

export const TENANT_PAGE_SIZE = 25;

export const tenantListInputSchema = z.object({
  q: z.string().trim().max(200, "q: Must be at most 200 characters.").optional().transform((v) => (v ? v : undefined)),
  status: z.enum(TENANT_STATUSES).optional(),
  plan: z.string().regex(/^[a-z0-9_-]{1,40}$/, "plan: Not a plan code.").optional(),
  region: z.enum(TENANT_REGIONS).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(TENANT_PAGE_SIZE),
});
export type TenantListInput = z.input<typeof tenantListInputSchema>;
export type TenantListFilters = z.output<typeof tenantListInputSchema>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PHONE_LIKE = /^(whatsapp:)?\+?[\d\s().\-/]+$/i;
const STRIPE_CUSTOMER = /^cus_[A-Za-z0-9]+$/;

export interface SearchTerms {
  /** Text matched (case-insensitive, as a substring) against name, slug and owner emails. */
  text: string;
  /** Every E.164 reading of the text as a number; empty when it is not one. */
  numbers: string[];
  stripeCustomerId: string | null;
  tenantId: string | null;
}

/** "+33 6…" has one reading; "06 12 34 56 78" has one per region where it is a valid number (FR and DZ here). */
export function phoneCandidates(raw: string, region?: TenantRegion): string[] {
  const text = raw.replace(/^whatsapp:/i, "").trim();
  if (!PHONE_LIKE.test(text) || text.replace(/\D/g, "").length < 6) return [];
  const international = text.startsWith("+") || text.startsWith("00") ? text.replace(/^00/, "+") : null;
  if (international) {
    const parsed = parsePhoneNumberFromString(international);
    return parsed?.isPossible() ? [parsed.number] : [];
  }
  const countries: CountryCode[] = region ? [region] : [...TENANT_REGIONS];
  const found = new Set<string>();
  for (const country of countries) {
    const parsed = parsePhoneNumberFromString(text, country);
    if (parsed?.isValid()) found.add(parsed.number);
  }
  return [...found].sort();
}

export function searchTerms(q: string, region?: TenantRegion): SearchTerms {
  return {
    text: q,
    numbers: phoneCandidates(q, region),
    stripeCustomerId: STRIPE_CUSTOMER.test(q) ? q : null,
    tenantId: UUID.test(q) ? q.toLowerCase() : null,
  };
}

/** LIKE pattern matching `text` literally anywhere. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function cursorPosition(cursor: string | undefined): KeysetPosition | null {
  return cursor ? decodeKeysetCursor(cursor) : null;
}
