import "server-only";
import type { z } from "zod";
import type { PlatformAccess } from "@/lib/db/platform-db";
import type { PlatformActor, PlatformDb, PlatformPurpose } from "@/lib/db";
import { ApiError } from "@/lib/http";
import { isTenantId } from "@/lib/tenancy";
import { tenantActionNamed } from "./action-table";
import type { ActionLookup } from "./action-lookup";
import type { ActionRequest } from "./action-types";
import { provisionAction } from "./provision";

/*
 * An action in two steps, so the route's purpose callback can refuse it
 * before the audit is written: prepare (parse the body, find the tenant,
 * the action's own checks; any refusal throws and nothing is written), then
 * execute inside withPlatformAccess, whose purpose the preparation built.
 */

export interface PreparedAction {
  purpose: PlatformPurpose;
  /** The work, inside withPlatformAccess, by `actor` (the admin the audit rows name). */
  execute(db: PlatformDb, actor: PlatformActor): Promise<Record<string, unknown>>;
}

export interface PrepareOptions {
  now: Date;
  lookup: ActionLookup;
  links: Pick<ActionRequest, "apexOrigin" | "tenantOrigin">;
}

const requestOf = (actor: PlatformActor, links: PrepareOptions["links"]): ActionRequest => ({
  adminUserId: actor.userId,
  ip: actor.ip ?? null,
  requestId: actor.requestId ?? null,
  ...links,
});

/** The body parsed by `schema`, or a 400 naming the first offending field. */
export function parseActionInput<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.map(String).join(".") || undefined;
  throw new ApiError("bad_request", field ? `${field}: ${issue.message}` : issue.message, field);
}

const notFound = () => new ApiError("not_found", "No workspace with this id.");

export async function prepareTenantAction(tenantId: string, actionName: string, body: unknown, options: PrepareOptions): Promise<PreparedAction> {
  const action = tenantActionNamed(actionName);
  if (!action) throw new ApiError("not_found", "No such action.");
  if (!isTenantId(tenantId)) throw notFound();
  const input = parseActionInput(action.input, body);
  const tenant = await options.lookup.tenant(tenantId);
  if (!tenant) throw notFound();
  await action.check?.(input, tenant, options.now, options.lookup);
  const audit = action.describe(input, tenant);
  return {
    purpose: {
      action: action.audit,
      tenantId: tenant.id,
      target: audit.target ?? `tenant:${tenant.id}`,
      ...(audit.metadata ? { metadata: audit.metadata } : {}),
      reason: input.reason,
      tenantActivity: true,
    },
    execute: (db, actor) => action.run({ input, tenant, db, request: requestOf(actor, options.links), now: options.now }),
  };
}

/** Provisioning: no tenant yet, so its Activity row is written in the new tenant by the work itself. */
export async function prepareProvision(body: unknown, options: PrepareOptions): Promise<PreparedAction> {
  const input = parseActionInput(provisionAction.input, body);
  await provisionAction.check(input, options.now, options.lookup);
  const tenantId = provisionAction.newTenantId();
  const audit = provisionAction.describe(input, tenantId);
  return {
    purpose: { action: provisionAction.audit, tenantId, target: audit.target, metadata: audit.metadata, reason: input.reason, tenantActivity: false },
    execute: (db, actor) => provisionAction.run({ input, tenantId, db, request: requestOf(actor, options.links), now: options.now }),
  };
}

/** Prepare then run through the audited platform access (tests and scripts; routes go through withPlatformAdmin). */
export async function performPrepared(access: Pick<PlatformAccess, "withPlatformAccess">, actor: PlatformActor, prepared: PreparedAction) {
  return access.withPlatformAccess(actor, prepared.purpose, (db) => prepared.execute(db, actor));
}
