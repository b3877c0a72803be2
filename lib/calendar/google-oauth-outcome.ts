/* How a Google consent ended, as the callback tells the tenant page (`?calendar=`); no server import here. */

export const GOOGLE_CONNECT_OUTCOMES = ["connected", "denied", "expired", "invalid", "forbidden", "no_refresh_token", "failed"] as const;

export type GoogleConnectOutcome = (typeof GOOGLE_CONNECT_OUTCOMES)[number];

/** The outcome in a query value, or null for anything else. */
export function googleConnectOutcome(value: string | string[] | undefined): GoogleConnectOutcome | null {
  return typeof value === "string" && (GOOGLE_CONNECT_OUTCOMES as readonly string[]).includes(value) ? (value as GoogleConnectOutcome) : null;
}
