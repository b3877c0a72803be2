import "server-only";
import type { TenantDb } from "@/lib/db/tenant-db";

/*
 * The Overview's setup checklist, read from what the workspace holds, so it
 * ticks itself as each step is done on its own page. Hours count once a
 * member has saved them (sign-up fills in a default week nobody has looked
 * at yet); a channel counts when a widget key is live, or a number is
 * connected together with the provider key its webhook is checked with.
 */

export const SETUP_STEPS = ["hours", "service", "greeting", "channel", "test"] as const;
export type SetupStep = (typeof SETUP_STEPS)[number];

export const SETUP_STEP_PAGES: Record<SetupStep, string> = {
  hours: "/business",
  service: "/services",
  greeting: "/agent",
  channel: "/channels",
  test: "/dashboard#try-receptionist",
};

/** The audit action of a rehearsal in the console (lib/onboarding/rehearsal.ts). */
export const REHEARSAL_ACTION = "agent.rehearsal";

export interface SetupChecklist {
  steps: Array<{ step: SetupStep; done: boolean; href: string }>;
  complete: boolean;
}

export async function loadSetupChecklist(db: TenantDb): Promise<SetupChecklist> {
  // One statement under the tenant's row-level security; every subquery is the current tenant's.
  const [row] = await db.$queryRaw<Array<Record<SetupStep, boolean>>>`
    SELECT
      EXISTS (SELECT 1 FROM audit_events WHERE action IN ('settings.hours.updated', 'settings.hours.confirmed')) AS hours,
      EXISTS (SELECT 1 FROM services WHERE active) AS service,
      EXISTS (SELECT 1 FROM business_profiles p, jsonb_each_text(p.greeting) g WHERE btrim(g.value) <> '') AS greeting,
      (
        EXISTS (SELECT 1 FROM channel_routes WHERE channel = 'web' AND active AND revoked_at IS NULL)
        OR (EXISTS (SELECT 1 FROM channel_routes WHERE channel = 'whatsapp' AND active AND revoked_at IS NULL)
            AND EXISTS (SELECT 1 FROM tenant_secrets WHERE provider = 'twilio' AND name = 'auth_token'))
        OR (EXISTS (SELECT 1 FROM channel_routes WHERE channel = 'voice' AND active AND revoked_at IS NULL)
            AND EXISTS (SELECT 1 FROM tenant_secrets WHERE provider = 'vapi' AND name = 'webhook_secret'))
      ) AS channel,
      (EXISTS (SELECT 1 FROM audit_events WHERE action = ${REHEARSAL_ACTION}) OR EXISTS (SELECT 1 FROM conversations)) AS test`;
  const steps = SETUP_STEPS.map((step) => ({ step, done: row?.[step] === true, href: SETUP_STEP_PAGES[step] }));
  return { steps, complete: steps.every((s) => s.done) };
}
