import type { z } from "zod";
import { ApiError } from "./api-error-codes";
import { assertStorableText } from "./storable-text";

/*
 * The one reader of query strings and path segments. An API answers a value
 * it cannot use with a 400 naming it; a page (which cannot answer 400) drops
 * it and shows its default, so a stale bookmark still opens. Both refuse what
 * could never be stored or searched for: NUL, and values longer than any
 * field of ours.
 */

const MAX_VALUE_LENGTH = 2_000;

type PageParams = Record<string, string | string[] | undefined>;

/** API routes: `?a=…&b=…` parsed by `schema` (the last of repeated names wins, as in Object.fromEntries). */
export function readQuery<S extends z.ZodType>(params: URLSearchParams, schema: S): z.output<S> {
  const raw = Object.fromEntries(params);
  assertStorableText(raw);
  for (const [name, value] of Object.entries(raw)) {
    if (value.length > MAX_VALUE_LENGTH) throw new ApiError("bad_request", `${name}: Must be at most ${MAX_VALUE_LENGTH} characters.`, name);
  }
  return schema.parse(raw);
}

/** A page's query value: the first of repeated values, or undefined when it is absent or unusable. */
export function pageQueryValue(raw: string | string[] | undefined): string | undefined {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || value.length > MAX_VALUE_LENGTH || value.includes("\u0000")) return undefined;
  return value;
}

/** A page's query string as plain values; unusable ones are left out. */
export function pageQuery(params: PageParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(params)) {
    const value = pageQueryValue(raw);
    if (value !== undefined && !name.includes("\u0000")) out[name] = value;
  }
  return out;
}

/** A page's path segments, or null when one cannot name anything (the page then answers 404). */
export function pagePathParams<P extends Record<string, string>>(params: P): P | null {
  for (const value of Object.values(params)) {
    if (value.length > MAX_VALUE_LENGTH || value.includes("\u0000")) return null;
  }
  return params;
}
