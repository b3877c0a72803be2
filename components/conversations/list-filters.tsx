import { secondaryButtonClass } from "@/components/forms/fields";

/*
 * A plain GET form: filters live in the URL, so a filtered list can be
 * bookmarked or shared and works before any script has loaded.
 */

export interface FilterSelect {
  name: string;
  label: string;
  value: string;
  options: Array<{ value: string; label: string }>;
}

export function ListFilters({ label, selects, apply }: { label: string; selects: FilterSelect[]; apply: string }) {
  return (
    <form method="get" aria-label={label} className="flex flex-wrap items-end gap-3">
      {selects.map((s) => (
        <div key={s.name}>
          <label htmlFor={`filter-${s.name}`} className="block text-sm font-medium text-ink">
            {s.label}
          </label>
          <select
            id={`filter-${s.name}`}
            name={s.name}
            defaultValue={s.value}
            className="mt-1 block rounded-lg border border-slate-300 px-3 py-2 text-sm shadow-xs"
          >
            {s.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      ))}
      <button type="submit" className={secondaryButtonClass}>
        {apply}
      </button>
    </form>
  );
}
