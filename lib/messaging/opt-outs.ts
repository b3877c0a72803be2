import "server-only";
import { tenantDb } from "@/lib/db";

/*
 * STOP and START from a client, per tenant and address. The keywords are
 * matched on the whole message only (a client writing "stop, I'll be late"
 * is talking to the receptionist), accents and case aside.
 */

const STOP = new Set(["stop", "arret", "arreter", "unsubscribe", "desabonner", "stopall"]);
const START = new Set(["start", "unstop", "subscribe"]);

export type OptKeyword = "stop" | "start";

export function optKeyword(text: string): OptKeyword | null {
  const word = text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .trim()
    .replace(/[.!\s]+$/u, "")
    .toLowerCase();
  if (STOP.has(word)) return "stop";
  if (START.has(word)) return "start";
  return null;
}

export async function recordOptOut(address: string): Promise<void> {
  await tenantDb().messagingOptOut.createMany({ data: [{ address }], skipDuplicates: true });
}

export async function clearOptOut(address: string): Promise<void> {
  await tenantDb().messagingOptOut.deleteMany({ where: { address } });
}

/** Those of `addresses` that opted out of this tenant's messages. */
export async function optedOutAmong(addresses: string[]): Promise<string[]> {
  if (!addresses.length) return [];
  const rows = await tenantDb().messagingOptOut.findMany({ where: { address: { in: addresses } }, select: { address: true } });
  return rows.map((r) => r.address);
}
