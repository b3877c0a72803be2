import { ApiError } from "./api-error-codes";

/*
 * PostgreSQL text cannot hold U+0000: a string carrying one passes every zod
 * schema and then fails the INSERT with a 500. Refusing it once where input
 * enters (bodies, query strings, form posts) covers every field, present and
 * future. The walk keeps its own stack, so no input shape can overflow ours.
 */

const NUL = "\u0000";

interface Pending {
  value: unknown;
  path: string[];
}

/** The path of the first string (or object key) in `value` that contains a NUL, or null. */
function pathOfNul(root: unknown): string[] | null {
  const stack: Pending[] = [{ value: root, path: [] }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (typeof value === "string") {
      if (value.includes(NUL)) return path;
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, String(i)] });
    } else if (value && typeof value === "object") {
      const entries = Object.entries(value);
      for (const [key] of entries) if (key.includes(NUL)) return [...path, key.replaceAll(NUL, "")];
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], path: [...path, entries[i]![0]] });
    }
  }
  return null;
}

/** Throws a 400 naming the field when any string in `value` cannot be stored. */
export function assertStorableText(value: unknown): void {
  const path = pathOfNul(value);
  if (!path) return;
  const field = path.join(".") || undefined;
  throw new ApiError("bad_request", `${field ? `${field}: ` : ""}Text cannot contain a NUL character.`, field);
}
