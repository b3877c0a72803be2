import Link from "next/link";
import { secondaryButtonClass } from "@/components/forms/fields";

/*
 * A GET form for a console list: the filters live in the URL, so a search
 * can be bookmarked and sent to a colleague, and it works without script.
 */

export type AdminFilterField =
  | { kind: "text"; name: string; label: string; value?: string; placeholder?: string; wide?: boolean }
  | { kind: "date"; name: string; label: string; value?: string }
  | { kind: "select"; name: string; label: string; value?: string; options: Array<{ value: string; label: string }> };

const control = "mt-1 block rounded-lg border border-slate-300 px-3 py-2 text-sm shadow-xs";

export function AdminFilters({ label, fields, clearHref }: { label: string; fields: AdminFilterField[]; clearHref: string }) {
  return (
    <form method="get" role="search" aria-label={label} className="flex flex-wrap items-end gap-3">
      {fields.map((f) => (
        <div key={f.name} className={f.kind === "text" && f.wide ? "min-w-64 flex-1" : undefined}>
          <label htmlFor={`filter-${f.name}`} className="block text-sm font-medium text-ink">
            {f.label}
          </label>
          {f.kind === "select" ? (
            <select id={`filter-${f.name}`} name={f.name} defaultValue={f.value ?? ""} className={control}>
              {f.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          ) : (
            <input
              id={`filter-${f.name}`}
              name={f.name}
              type={f.kind === "date" ? "date" : "search"}
              defaultValue={f.value ?? ""}
              placeholder={f.kind === "text" ? f.placeholder : undefined}
              className={`${control} ${f.kind === "text" && f.wide ? "w-full" : ""}`}
            />
          )}
        </div>
      ))}
      <button type="submit" className={secondaryButtonClass}>
        Apply
      </button>
      <Link href={clearHref} className="px-2 py-2 text-sm text-brand-800 underline-offset-2 hover:underline">
        Clear
      </Link>
    </form>
  );
}

/** Keyset paging links: the next page follows the cursor; paging back restarts from the top. */
export function KeysetPager({ path, params, nextCursor, onFirstPage }: { path: string; params: Record<string, string | undefined>; nextCursor: string | null; onFirstPage: boolean }) {
  const href = (cursor?: string) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v && k !== "cursor") q.set(k, v);
    if (cursor) q.set("cursor", cursor);
    const s = q.toString();
    return s ? `${path}?${s}` : path;
  };
  if (!nextCursor && onFirstPage) return null;
  return (
    <nav aria-label="Pages" className="flex gap-3">
      {!onFirstPage ? (
        <Link href={href()} className={secondaryButtonClass}>
          First page
        </Link>
      ) : null}
      {nextCursor ? (
        <Link href={href(nextCursor)} className={secondaryButtonClass} rel="next">
          Next page
        </Link>
      ) : null}
    </nav>
  );
}
