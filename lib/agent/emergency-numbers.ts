/*
 * The numbers a caller in an emergency is told to call, by the tenant's
 * region, unless the tenant set its own (business profile). Checked December
 * 2026 against the public services' own pages and press:
 * - FR: 15 (SAMU, medical emergencies), 112 (European number);
 * - CH: 144 (ambulance; 112 also reaches it);
 * - BE: 112 (ambulance and fire);
 * - DZ: 14 (Protection civile: ambulance and rescue, national); the SAMU has
 *   regional numbers only (e.g. 3016 in Algiers), so none is given by default;
 * - CA: 911.
 */
const BY_REGION: Record<string, readonly string[]> = {
  FR: ["15", "112"],
  CH: ["144"],
  BE: ["112"],
  DZ: ["14"],
  CA: ["911"],
};

const FALLBACK = ["112"] as const;

export function emergencyNumbersFor(region: string, override: string | null | undefined): readonly string[] {
  const own = override?.trim();
  return own ? [own] : (BY_REGION[region] ?? FALLBACK);
}
