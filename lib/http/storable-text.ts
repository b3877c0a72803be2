import { ApiError } from "./api-error";

/*
 * PostgreSQL text cannot hold U+0000: a string carrying one passes every zod
 * schema and then fails the INSERT with a 500. Refusing it once where input
 * enters (JSON bodies, query strings) covers every field, present and future.
 */

const NUL = "\u0000";

/** The path of the first string (or object key) in `value` that contains a NUL, or null. */
function pathOfNul(value: unknown, path: string[]): string[] | null {
  if (typeof value === "string") return value.includes(NUL) ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = pathOfNul(value[i], [...path, String(i)]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes(NUL)) return [...path, key.replaceAll(NUL, "")];
      const found = pathOfNul(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/** Throws a 400 naming the field when any string in `value` cannot be stored. */
export function assertStorableText(value: unknown): void {
  const path = pathOfNul(value, []);
  if (!path) return;
  const field = path.join(".") || undefined;
  throw new ApiError("bad_request", `${field ? `${field}: ` : ""}Text cannot contain a NUL character.`, field);
}
