import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { allModelNames, isControlPlaneOnlyModel } from "@/lib/db/data-model";

/*
 * The runtime guard (lib/db/tenant-db.ts) refuses a global model inside a
 * tenant transaction only when CELLS routes tenants; this scan finds the same
 * mistake in the code with one database too: `tx.user.update(...)` and the
 * like, where `tx` is a transaction's client.
 */

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "generated" && entry.name !== "node_modules") out.push(...(await sourceFiles(full)));
    } else if (/\.(ts|tsx)$/.test(entry.name)) out.push(full);
  }
  return out;
}

describe("global models inside tenant transactions", () => {
  it("no code reaches a control-plane model through a transaction's client", async () => {
    const models = allModelNames().filter(isControlPlaneOnlyModel).map((m) => m[0]!.toLowerCase() + m.slice(1));
    expect(models).toContain("user");
    const pattern = new RegExp(`\\btx\\.(${models.join("|")})\\.`, "g");
    const root = path.resolve(__dirname, "../..");
    const hits: string[] = [];
    for (const dir of ["lib", "app"]) {
      for (const file of await sourceFiles(path.join(root, dir))) {
        const text = await readFile(file, "utf8");
        for (const m of text.matchAll(pattern)) hits.push(`${path.relative(root, file)}: ${m[0]}`);
      }
    }
    // The platform console's own client is on the control plane: its transactions may hold these models.
    const allowed = hits.filter((h) => !h.startsWith("lib/platform/support/support-start.ts"));
    expect(allowed).toEqual([]);
  });
});
