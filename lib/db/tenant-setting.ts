import "server-only";

/*
 * How a transaction learns its tenant: `SET LOCAL app.tenant_id = '<uuid>'`.
 * Citus forwards SET LOCAL to its workers (citus.propagate_set_commands =
 * 'local') but not a set_config() call, so a cell can move onto Citus as is.
 * SET takes no bind parameter: the uuid is interpolated, hence the strict check.
 * FRONTDESK_TENANT_SETTING=set_config keeps the previous form, for baselines.
 */

export type TenantSettingForm = "set-local" | "set-config";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// The marker tells the wrapper's own BEGIN/COMMIT from a caller's (statement counters read it).
const MARK = "/* tenant scope */";
export const OPEN_TENANT_SCOPE = `BEGIN ${MARK}`;
export const CLOSE_TENANT_SCOPE = `COMMIT ${MARK}`;
export const SET_CONFIG_TENANT_SQL = "SELECT set_config('app.tenant_id', $1, true)";

export class InvalidTenantIdError extends TypeError {
  constructor() {
    super("The tenant id to set must be a lower-case UUID");
    this.name = "InvalidTenantIdError";
  }
}

/** The statement that sets `tenantId` for the rest of the current transaction. */
export function setLocalTenantSql(tenantId: string): string {
  if (!UUID.test(tenantId)) throw new InvalidTenantIdError();
  return `SET LOCAL app.tenant_id = '${tenantId}'`;
}

export function defaultTenantSettingForm(): TenantSettingForm {
  return process.env.FRONTDESK_TENANT_SETTING === "set_config" ? "set-config" : "set-local";
}

/** True for the statements the tenant setting adds (for statement counters in tests and benchmarks). */
export function isTenantSettingStatement(text: string | undefined): boolean {
  if (!text) return false;
  return text.startsWith("SET LOCAL app.tenant_id = ") || text === SET_CONFIG_TENANT_SQL || text.endsWith(MARK);
}
