import { TenantMismatchError } from "../tenancy";
import { TENANT_FIELD, isTenantOwnedModel, relationTargets } from "./data-model";

/*
 * Rewrites the arguments of one Prisma operation so it can only touch the
 * current tenant's rows. This is the first wall; row-level security is the
 * second, and composite (tenant_id, x_id) foreign keys make cross-tenant
 * references unstorable.
 */

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

const UNIQUE_WHERE = new Set(["findUnique", "findUniqueOrThrow", "update", "delete", "upsert"]);
const FILTER_WHERE = new Set([
  "findFirst",
  "findFirstOrThrow",
  "findMany",
  "count",
  "aggregate",
  "groupBy",
  "updateMany",
  "updateManyAndReturn",
  "deleteMany",
]);
const WITH_DATA = new Set(["update", "updateMany", "updateManyAndReturn"]);

function assertSameTenant(value: unknown, tenantId: string, what: string): void {
  if (value === undefined) return;
  if (typeof value === "string") {
    if (value.toLowerCase() !== tenantId) throw new TenantMismatchError(what);
    return;
  }
  // A filter object (`{ in: [...] }`, `{ not: ... }`) is left to the AND below.
}

function scopeFilter(where: unknown, tenantId: string, model: string): Obj {
  if (!isObj(where) || Object.keys(where).length === 0) return { [TENANT_FIELD]: tenantId };
  const given = where[TENANT_FIELD];
  assertSameTenant(given, tenantId, `${model} filter`);
  // A flat key costs Prisma less than an AND; a filter object on tenantId
  // (`{ in: [...] }`, `{ not: ... }`) is kept and intersected instead.
  if (given === undefined || typeof given === "string") return { ...where, [TENANT_FIELD]: tenantId };
  return { AND: [where, { [TENANT_FIELD]: tenantId }] };
}

function scopeUniqueWhere(where: unknown, tenantId: string, model: string): Obj {
  const w: Obj = isObj(where) ? { ...where } : {};
  assertSameTenant(w[TENANT_FIELD], tenantId, `${model} where`);
  const compound = w[`${TENANT_FIELD}_id`];
  if (isObj(compound)) assertSameTenant(compound[TENANT_FIELD], tenantId, `${model} where`);
  w[TENANT_FIELD] = tenantId;
  return w;
}

function assertDataTenant(data: unknown, tenantId: string, model: string): void {
  if (!isObj(data)) return;
  assertSameTenant(data[TENANT_FIELD], tenantId, `${model} data`);
  const rel = data.tenant;
  if (isObj(rel)) {
    const connect = rel.connect;
    if (!isObj(connect) || Object.keys(rel).length !== 1) {
      throw new TenantMismatchError(`${model}.tenant may only connect to the current tenant`);
    }
    assertSameTenant(connect.id, tenantId, `${model}.tenant`);
  }
}

/** Top-level create data: stamp the tenant, in the checked or unchecked style the caller used. */
function scopeCreateData(model: string, data: unknown, tenantId: string): Obj {
  const d: Obj = isObj(data) ? { ...data } : {};
  assertDataTenant(d, tenantId, model);
  const relations = relationTargets(model);
  const checked = Object.keys(d).some((k) => relations.has(k));
  if (checked) {
    if (!("tenant" in d)) d.tenant = { connect: { id: tenantId } };
    delete d[TENANT_FIELD];
  } else {
    d[TENANT_FIELD] = tenantId;
  }
  return scopeNestedWrites(model, d, tenantId);
}

function each<T>(value: T | T[], fn: (v: T) => T): T | T[] {
  return Array.isArray(value) ? value.map(fn) : fn(value);
}

/**
 * Nested writes into tenant-owned relations. Rows created through a composite
 * relation inherit tenant_id from their parent; every lookup (connect, update,
 * delete, …) gets the tenant added to its where.
 */
function scopeNestedWrites(model: string, data: Obj, tenantId: string): Obj {
  const relations = relationTargets(model);
  for (const [field, value] of Object.entries(data)) {
    const target = relations.get(field);
    if (!target || !isTenantOwnedModel(target) || !isObj(value)) continue;
    const ops: Obj = { ...value };
    const unique = (w: unknown) => scopeUniqueWhere(w, tenantId, target);
    const filter = (w: unknown) => scopeFilter(w, tenantId, target);
    const nestedCreate = (c: unknown): unknown =>
      isObj(c) ? scopeNestedWrites(target, (assertDataTenant(c, tenantId, target), { ...c }), tenantId) : c;
    const nestedUpdate = (u: unknown): unknown =>
      isObj(u) ? scopeNestedWrites(target, (assertDataTenant(u, tenantId, target), { ...u }), tenantId) : u;

    for (const [op, arg] of Object.entries(ops)) {
      switch (op) {
        case "create":
          ops.create = each(arg, nestedCreate);
          break;
        case "createMany":
          if (isObj(arg) && arg.data !== undefined) {
            ops.createMany = { ...arg, data: each(arg.data as unknown, nestedCreate) };
          }
          break;
        case "connect":
        case "set":
          ops[op] = each(arg, unique);
          break;
        case "disconnect":
        case "delete":
          // `true` on a to-one relation needs no lookup.
          if (arg !== true) ops[op] = each(arg, unique);
          break;
        case "connectOrCreate":
          ops.connectOrCreate = each(arg, (c) =>
            isObj(c) ? { ...c, where: unique(c.where), create: nestedCreate(c.create) } : c,
          );
          break;
        case "update":
          ops.update = each(arg, (u) =>
            isObj(u) && "data" in u
              ? { ...u, ...(u.where !== undefined ? { where: unique(u.where) } : {}), data: nestedUpdate(u.data) }
              : nestedUpdate(u),
          );
          break;
        case "updateMany":
          ops.updateMany = each(arg, (u) =>
            isObj(u) ? { ...u, where: filter(u.where), data: nestedUpdate(u.data) } : u,
          );
          break;
        case "deleteMany":
          ops.deleteMany = each(arg, filter);
          break;
        case "upsert":
          ops.upsert = each(arg, (u) =>
            isObj(u)
              ? {
                  ...u,
                  ...(u.where !== undefined ? { where: unique(u.where) } : {}),
                  create: nestedCreate(u.create),
                  update: nestedUpdate(u.update),
                }
              : u,
          );
          break;
      }
    }
    data[field] = ops;
  }
  return data;
}

/** Arguments for one operation on a tenant-owned model, confined to `tenantId`. */
export function scopeTenantOwnedArgs(model: string, operation: string, args: unknown, tenantId: string): Obj {
  const a: Obj = isObj(args) ? { ...args } : {};
  if (UNIQUE_WHERE.has(operation)) a.where = scopeUniqueWhere(a.where, tenantId, model);
  if (FILTER_WHERE.has(operation)) a.where = scopeFilter(a.where, tenantId, model);

  switch (operation) {
    case "create":
      a.data = scopeCreateData(model, a.data, tenantId);
      break;
    case "createMany":
    case "createManyAndReturn":
      a.data = each(a.data as Obj | Obj[], (d) => {
        const row: Obj = isObj(d) ? { ...d } : {};
        assertDataTenant(row, tenantId, model);
        row[TENANT_FIELD] = tenantId;
        return row;
      });
      break;
    case "upsert":
      a.create = scopeCreateData(model, a.create, tenantId);
      assertDataTenant(a.update, tenantId, model);
      if (isObj(a.update)) a.update = scopeNestedWrites(model, { ...a.update }, tenantId);
      break;
  }
  if (WITH_DATA.has(operation)) {
    assertDataTenant(a.data, tenantId, model);
    if (isObj(a.data)) a.data = scopeNestedWrites(model, { ...a.data }, tenantId);
  }
  return a;
}

/**
 * The tenants table itself: a tenant may read and update its own row, by id.
 * Creating or deleting tenants belongs to the platform client.
 */
export function scopeTenantRowArgs(operation: string, args: unknown, tenantId: string): Obj {
  const a: Obj = isObj(args) ? { ...args } : {};
  if (["create", "createMany", "createManyAndReturn", "delete", "deleteMany", "upsert"].includes(operation)) {
    throw new TenantMismatchError(`Tenant.${operation} is a platform operation`);
  }
  const where: Obj = isObj(a.where) ? a.where : {};
  if (UNIQUE_WHERE.has(operation)) {
    assertSameTenant(where.id, tenantId, "Tenant where");
    a.where = { ...where, id: tenantId };
  } else {
    a.where = Object.keys(where).length ? { AND: [where, { id: tenantId }] } : { id: tenantId };
  }
  if (isObj(a.data) && a.data.id !== undefined) assertSameTenant(a.data.id, tenantId, "Tenant data");
  return a;
}
