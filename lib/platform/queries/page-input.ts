import "server-only";
import type { z } from "zod";
import { pageQuery } from "@/lib/http/query-input";

/*
 * A console page's query string: a page cannot answer 400, so a value its
 * schema refuses is dropped (the list shows its default for it) and the rest
 * still apply, as the tenant console's pages do.
 */
export function readPageInput<S extends z.ZodType>(schema: S, params: Record<string, string | string[] | undefined>): z.output<S> {
  const raw: Record<string, string> = pageQuery(params);
  for (let attempt = 0; attempt < 8; attempt++) {
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    const bad = new Set(parsed.error.issues.map((i) => String(i.path[0] ?? "")));
    const before = Object.keys(raw).length;
    for (const name of bad) delete raw[name];
    if (Object.keys(raw).length === before) break;
  }
  return schema.parse({});
}
