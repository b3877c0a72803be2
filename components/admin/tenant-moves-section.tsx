import type { TenantMove } from "@/lib/platform/queries";
import { cardClass, formatCount, formatUtc, tableClass, tdClass, thClass } from "./admin-format";

/* Progress of the tenant's moves between database cells (npm run tenant:move). */

const PHASES: Record<string, string> = {
  copying: "Copying while serving",
  frozen: "Frozen: copying the rest",
  verified: "Verified in the new cell",
  flipped: "Serving from the new cell; removing the old copy",
  done: "Done",
  failed: "Failed (still served from the old cell)",
};

export function TenantMovesSection({ moves }: { moves: TenantMove[] }) {
  if (moves.length === 0) return null;
  return (
    <section aria-labelledby="moves-heading" className={cardClass}>
      <h2 id="moves-heading" className="mb-3 text-lg font-semibold">
        Database moves
      </h2>
      <table className={tableClass}>
        <thead>
          <tr>
            <th className={thClass}>From → to</th>
            <th className={thClass}>Phase</th>
            <th className={thClass}>Rows copied</th>
            <th className={thClass}>Freeze</th>
            <th className={thClass}>Started</th>
            <th className={thClass}>Last update</th>
          </tr>
        </thead>
        <tbody>
          {moves.map((m) => (
            <tr key={m.id}>
              <td className={`${tdClass} font-mono`}>
                {m.fromCell} → {m.toCell}
              </td>
              <td className={tdClass}>
                {PHASES[m.phase] ?? m.phase}
                {m.error ? <span className="block text-xs text-ink-muted">{m.error}</span> : null}
              </td>
              <td className={tdClass}>{formatCount(m.rowsCopied)}</td>
              <td className={tdClass}>{m.freezeMs === null ? "—" : `${formatCount(m.freezeMs)} ms`}</td>
              <td className={tdClass}>{formatUtc(m.startedAt)}</td>
              <td className={tdClass}>{formatUtc(m.finishedAt ?? m.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
