import { secondaryButtonClass } from "@/components/forms/fields";

/** A CSV download of the page's records (GET /api/exports/…, streamed and audited). */
export function ExportLink({ kind, label, hint }: { kind: "clients" | "appointments" | "conversations"; label: string; hint?: string }) {
  return (
    <a href={`/api/exports/${kind}`} download className={secondaryButtonClass} title={hint} data-testid={`export-${kind}`}>
      <svg aria-hidden="true" viewBox="0 0 20 20" width="16" height="16" className="mr-1.5" fill="currentColor">
        <path d="M10 3a1 1 0 0 1 1 1v7.59l2.3-2.3a1 1 0 1 1 1.4 1.42l-4 4a1 1 0 0 1-1.4 0l-4-4a1 1 0 1 1 1.4-1.42L9 11.6V4a1 1 0 0 1 1-1ZM4 15a1 1 0 0 1 1 1v1h10v-1a1 1 0 1 1 2 0v2a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1v-2a1 1 0 0 1 1-1Z" />
      </svg>
      {label}
    </a>
  );
}
