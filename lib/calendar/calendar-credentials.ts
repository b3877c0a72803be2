import "server-only";
import { currentKeyring, openSecret, sealSecret, type SealedSecret } from "@/lib/secrets";
import type { CalendarAdapter } from "./calendar-types";
import type { CaldavCredentials } from "./caldav-adapter";
import type { GoogleCredentials } from "./google-adapter";

export { calendarPrivateHostsAllowed, vetCaldavUrl } from "./caldav-fetch";

/*
 * A connection's credentials are sealed with lib/secrets' cipher under the
 * tenant and the connection id (so a sealed value copied to another row or
 * tenant does not open), and opened only to build an adapter in server code.
 */

export type StoredCredentials = GoogleCredentials | ({ kind: "caldav" } & CaldavCredentials);

const address = (tenantId: string, connectionId: string) => ({ tenantId, provider: "calendar", name: connectionId });

export function sealCredentials(tenantId: string, connectionId: string, credentials: StoredCredentials): SealedSecret {
  return sealSecret(address(tenantId, connectionId), JSON.stringify(credentials), currentKeyring());
}

export function openCredentials(tenantId: string, connectionId: string, sealed: SealedSecret): StoredCredentials {
  return JSON.parse(openSecret(address(tenantId, connectionId), sealed, currentKeyring())) as StoredCredentials;
}

export interface ConnectionRow {
  id: string;
  tenantId: string;
  provider: "google" | "caldav";
  calendarRef: string;
  ciphertext: Uint8Array;
  iv: Uint8Array;
  authTag: Uint8Array;
  keyVersion: number;
}

const sealedOf = (row: ConnectionRow): SealedSecret => ({
  ciphertext: new Uint8Array(row.ciphertext),
  iv: new Uint8Array(row.iv),
  authTag: new Uint8Array(row.authTag),
  keyVersion: row.keyVersion,
});

/** The clients load on first use: booking imports lib/calendar, and most tenants have no calendar. */
export async function adapterFor(row: ConnectionRow, timeZone: string): Promise<CalendarAdapter> {
  const credentials = openCredentials(row.tenantId, row.id, sealedOf(row));
  if (row.provider === "google") {
    if (credentials.kind === "caldav") throw new Error("Google connection holds CalDAV credentials");
    return (await import("./google-adapter")).googleAdapter(row.calendarRef, credentials);
  }
  if (credentials.kind !== "caldav") throw new Error("CalDAV connection holds Google credentials");
  return (await import("./caldav-adapter")).caldavAdapter(row.calendarRef, { username: credentials.username, password: credentials.password }, timeZone);
}
