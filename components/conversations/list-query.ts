import type { z } from "zod";
import { pageQueryValue } from "@/lib/http/query-input";

/*
 * A list page's filters from its URL. Unlike the API (which answers a bad
 * value with a 400 naming it), a page drops a value it does not understand:
 * a stale bookmark should still open the list.
 */
export function readListQuery<S extends z.ZodObject>(
  schema: S,
  params: Record<string, string | string[] | undefined>,
  keys: Array<keyof z.input<S> & string>,
): Partial<z.output<S>> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const value = pageQueryValue(params[key]);
    const parsed = schema.pick({ [key]: true } as never).safeParse({ [key]: value });
    if (parsed.success) Object.assign(out, parsed.data);
  }
  return out as Partial<z.output<S>>;
}

/** Changes whenever the first page does: the client list keys its cache on it. */
export function pageVersion(page: { items: Array<{ id: string }>; nextCursor: string | null }): string {
  return `${page.items.length}:${page.items[0]?.id ?? ""}:${page.items.at(-1)?.id ?? ""}:${page.nextCursor ?? ""}`;
}
