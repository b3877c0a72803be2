import { Prisma } from "./generated/client";

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

/** Set once by the client factory from the generated client's runtime model. */
export function registerRuntimeDataModel(models: Record<string, RuntimeModel>): void {
  cached = models;
}

function models(): Record<string, RuntimeModel> {
  if (!cached) throw new Error("Prisma data model not loaded: create a client first");
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
