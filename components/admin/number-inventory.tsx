"use client";

import Link from "next/link";
import { TextField } from "@/components/forms/fields";
import { ActionDialog } from "./tenant-action-dialog";

/*
 * The number inventory: every voice number and WhatsApp sender with the
 * workspace it routes to, and the row's own actions (move every channel of
 * the number to another workspace in one step, or release this route).
 */

export interface InventoryRow {
  id: string;
  channel: "voice" | "whatsapp";
  number: string;
  label: string;
  active: boolean;
  createdAt: string;
  tenant: { id: string; slug: string; name: string; status: string };
}

export function NumberInventory({ rows }: { rows: InventoryRow[] }) {
  if (!rows.length) return <p className="text-sm text-ink-muted">No number matches.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="number-inventory">
        <caption className="sr-only">Numbers and the workspace each routes to</caption>
        <thead>
          <tr className="border-b border-slate-200">
            <th scope="col" className="py-2 pr-4">Number</th>
            <th scope="col" className="py-2 pr-4">Channel</th>
            <th scope="col" className="py-2 pr-4">Workspace</th>
            <th scope="col" className="py-2 pr-4">Label</th>
            <th scope="col" className="py-2 pr-4">Since</th>
            <th scope="col" className="py-2">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const url = (action: string) => `/api/admin/tenants/${r.tenant.id}/actions/${action}`;
            return (
              <tr key={r.id} className="border-b border-slate-100 align-top">
                <td className="py-2 pr-4 font-mono">{r.number}</td>
                <td className="py-2 pr-4">{r.channel === "voice" ? "Voice" : "WhatsApp"}</td>
                <td className="py-2 pr-4">
                  <Link href={`/tenants/${r.tenant.id}`} className="underline">
                    {r.tenant.name}
                  </Link>{" "}
                  <span className="font-mono text-xs text-ink-muted">{r.tenant.slug}</span>
                  {r.tenant.status === "suspended" || r.tenant.status === "cancelled" ? <span className="ml-1 text-xs text-red-700">({r.tenant.status})</span> : null}
                </td>
                <td className="py-2 pr-4">{r.label}</td>
                <td className="py-2 pr-4">{r.createdAt.slice(0, 10)}</td>
                <td className="flex flex-wrap gap-2 py-2">
                  <ActionDialog
                    url={url("move-number")}
                    title={`Move ${r.number}`}
                    description={`From ${r.tenant.name}; every channel of the number moves in one step.`}
                    triggerLabel="Move"
                    submitLabel="Move"
                    fieldNames={["to", "number"]}
                    fields={(errorFor) => <TextField label="To workspace (address or id)" name="to" required autoCapitalize="none" spellCheck={false} error={errorFor("to")} />}
                    toBody={(form) => ({ number: r.number, to: String(form.get("to") ?? "") })}
                  />
                  <ActionDialog
                    url={url("release-number")}
                    title={`Release ${r.number}`}
                    description={`${r.channel === "voice" ? "Calls" : "WhatsApp messages"} to this number stop reaching ${r.tenant.name}.`}
                    triggerLabel="Release"
                    submitLabel="Release"
                    danger
                    toBody={() => ({ channel: r.channel, number: r.number })}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
