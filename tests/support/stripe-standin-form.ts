/*
 * Stripe's form encoding as stripe-node writes it: nested keys in brackets
 * (`line_items[0][price]=…`), arrays as consecutive numeric indexes, and an
 * empty value for null (how a caller unsets a field, e.g. `metadata[k]=`).
 */

export type FormValue = string | FormObject | FormValue[];
export interface FormObject {
  [key: string]: FormValue;
}

function keyPath(key: string): string[] {
  const first = key.indexOf("[");
  if (first < 0) return [key];
  const path = [key.slice(0, first)];
  for (const match of key.slice(first).matchAll(/\[([^\]]*)\]/g)) path.push(match[1] ?? "");
  return path;
}

function toArrays(value: FormValue): FormValue {
  if (typeof value === "string" || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  for (const key of keys) value[key] = toArrays(value[key]!);
  const numeric = keys.length > 0 && keys.every((k, i) => k === String(i));
  return numeric ? keys.map((k) => value[k]!) : value;
}

export function parseStripeForm(text: string): FormObject {
  const root: FormObject = {};
  for (const [key, raw] of new URLSearchParams(text)) {
    const path = keyPath(key);
    let node: FormObject = root;
    for (let i = 0; i < path.length - 1; i++) {
      const segment = path[i]!;
      const next = node[segment];
      if (typeof next !== "object" || Array.isArray(next)) node[segment] = {};
      node = node[segment] as FormObject;
    }
    node[path[path.length - 1]!] = raw;
  }
  return toArrays(root) as FormObject;
}

/** Reads a parsed field with the type Stripe gives it, or a 400 naming the field. */
export class ParamError extends Error {
  constructor(
    readonly param: string,
    message: string,
    readonly code = "parameter_invalid",
  ) {
    super(message);
  }
}

export function str(params: FormObject, name: string, required = false, prefix = ""): string | undefined {
  const value = params[name];
  if (value === undefined || value === "") {
    if (required) throw new ParamError(prefix + name, `Missing required param: ${prefix + name}.`, "parameter_missing");
    return undefined;
  }
  if (typeof value !== "string") throw new ParamError(prefix + name, `Invalid string: ${prefix + name}.`);
  return value;
}

export function int(params: FormObject, name: string, required = false, prefix = ""): number | undefined {
  const value = str(params, name, required, prefix);
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw new ParamError(prefix + name, `Invalid integer: ${value}`, "parameter_invalid_integer");
  return Number(value);
}

export function bool(params: FormObject, name: string): boolean | undefined {
  const value = str(params, name);
  if (value === undefined) return undefined;
  if (value !== "true" && value !== "false") throw new ParamError(name, `Invalid boolean: ${value}`);
  return value === "true";
}

export function obj(params: FormObject, name: string): FormObject | undefined {
  const value = params[name];
  if (value === undefined || value === "") return undefined;
  if (typeof value !== "object" || Array.isArray(value)) throw new ParamError(name, `Invalid object: ${name}`);
  return value;
}

export function list(params: FormObject, name: string): FormValue[] | undefined {
  const value = params[name];
  if (value === undefined || value === "") return undefined;
  if (!Array.isArray(value)) throw new ParamError(name, `Invalid array: ${name}`);
  return value;
}

/** Metadata as Stripe merges it: an empty value deletes the key. */
export function mergeMetadata(current: Record<string, string>, update: FormObject | undefined): Record<string, string> {
  if (!update) return current;
  const next = { ...current };
  for (const [key, value] of Object.entries(update)) {
    if (typeof value !== "string") throw new ParamError(`metadata[${key}]`, "Metadata values must be strings.");
    if (value === "") delete next[key];
    else next[key] = value;
  }
  return next;
}

export function onlyParams(params: FormObject, allowed: readonly string[]): void {
  for (const key of Object.keys(params)) {
    if (!allowed.includes(key) && key !== "expand") {
      throw new ParamError(key, `Received unknown parameter: ${key}`, "parameter_unknown");
    }
  }
}
