import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { CONTROL_PLANE_TABLES, REFERENCE_TABLES } from "@/lib/cells/tables";
import { Prisma, PrismaClient } from "./generated/client";

/*
 * What the client extension and the isolation tests know about the schema,
 * read from the generated client so a new model is covered without a list
 * to maintain: a model is tenant-owned iff it has a `tenantId` field.
 */

export type ModelName = Prisma.ModelName;

interface RuntimeField {
  name: string;
  kind: "scalar" | "enum" | "object" | string;
  type: string;
  dbName?: string;
}

interface RuntimeModel {
  fields: RuntimeField[];
  dbName?: string | null;
}

let cached: Record<string, RuntimeModel> | undefined;

export function runtimeDataModelOf(client: unknown): Record<string, RuntimeModel> {
  const runtime = (client as { _runtimeDataModel?: { models: Record<string, RuntimeModel> } })._runtimeDataModel;
  if (!runtime) throw new Error("The generated Prisma client exposes no runtime data model");
  return runtime.models;
}

function models(): Record<string, RuntimeModel> {
  // The generated client only exposes its data model on an instance; building
  // one opens no connection (the adapter connects on first query).
  cached ??= runtimeDataModelOf(
    new PrismaClient({ adapter: new PrismaPg({ connectionString: "postgresql://localhost/unused" }) }),
  );
  return cached;
}

export const TENANT_FIELD = "tenantId";

export function allModelNames(): ModelName[] {
  return Object.values(Prisma.ModelName);
}

export function isTenantOwnedModel(model: string): boolean {
  return models()[model]?.fields.some((f) => f.name === TENANT_FIELD) ?? false;
}

export function tenantOwnedModels(): ModelName[] {
  return allModelNames().filter(isTenantOwnedModel);
}

export function tableName(model: string): string {
  return models()[model]?.dbName ?? model;
}

export function columnName(model: string, field: string): string {
  const f = models()[model]?.fields.find((x) => x.name === field);
  return f?.dbName ?? field;
}

export function scalarFields(model: string): RuntimeField[] {
  return (models()[model]?.fields ?? []).filter((f) => f.kind === "scalar" || f.kind === "enum");
}

/** Relation field name → related model name. */
export function relationTargets(model: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of models()[model]?.fields ?? []) if (f.kind === "object") out.set(f.name, f.type);
  return out;
}

let controlPlaneOnly: Set<string> | undefined;

/**
 * Models whose rows only the control plane holds (lib/cells/tables.ts): never
 * the tenant row or reference data, of which every cell keeps a copy.
 */
export function isControlPlaneOnlyModel(model: string): boolean {
  controlPlaneOnly ??= new Set(
    allModelNames().filter((m) => {
      const table = tableName(m);
      return (CONTROL_PLANE_TABLES as readonly string[]).includes(table) && table !== "tenants" && !(REFERENCE_TABLES as readonly string[]).includes(table);
    }),
  );
  return controlPlaneOnly.has(model);
}
