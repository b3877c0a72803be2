import { writeFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { cellForRegion, parseCellsConfig } from "@/lib/cells/cell-config";
import { classifyTables, CONTROL_PLANE_TABLES } from "@/lib/cells/tables";
import { createTestDatabase } from "../support/test-database";

/* CELLS, CELLS_FILE and REGION_CELLS parsing, and the table classification read from the catalog. */

const DATABASE_URL = "postgresql://owner@db.example:5432/frontdesk";

describe("cell configuration", () => {
  it("without CELLS: one default cell, the control plane's database, nothing routed", () => {
    const config = parseCellsConfig({ DATABASE_URL });
    expect([...config.cells.keys()]).toEqual(["default"]);
    expect(config.routed).toBe(false);
    expect(config.cells.get("default")!.app).toBe("postgresql://frontdesk_app@db.example:5432/frontdesk");
    expect(cellForRegion("CH", config)).toBe("default");
  });

  it("CELLS with REGION_CELLS: app and platform URLs derived, regions placed, '*' as the fallback", () => {
    const config = parseCellsConfig({
      DATABASE_URL,
      CELLS: `default=${DATABASE_URL},ch=postgresql://owner@ch.example/fd`,
      REGION_CELLS: "CH=ch,*=default",
    });
    expect(config.routed).toBe(true);
    expect(config.cells.get("ch")).toEqual({
      owner: "postgresql://owner@ch.example/fd",
      app: "postgresql://frontdesk_app@ch.example/fd",
      platform: "postgresql://frontdesk_platform@ch.example/fd",
    });
    expect(cellForRegion("CH", config)).toBe("ch");
    expect(cellForRegion("fr", config)).toBe("default");
  });

  it("CELLS_FILE with role URLs of their own", () => {
    const file = path.join(os.tmpdir(), `cells-${process.pid}.json`);
    writeFileSync(file, JSON.stringify({ dz: { owner: "postgresql://o@dz.example/fd", app: "postgresql://a:pw@dz-pool.example/fd" } }));
    try {
      const config = parseCellsConfig({ DATABASE_URL, CELLS_FILE: file });
      expect(config.cells.get("dz")!.app).toBe("postgresql://a:pw@dz-pool.example/fd");
      expect(config.cells.get("dz")!.platform).toBe("postgresql://frontdesk_platform@dz.example/fd");
      expect(config.cells.has("default")).toBe(true);
    } finally {
      rmSync(file);
    }
  });

  it("refuses a malformed entry or a region mapped to an unknown cell, naming the variable", () => {
    expect(() => parseCellsConfig({ DATABASE_URL, CELLS: "ch" })).toThrow(/CELLS/);
    expect(() => parseCellsConfig({ DATABASE_URL, CELLS: "CH=postgresql://x/y" })).toThrow(/cell name/);
    expect(() => parseCellsConfig({ DATABASE_URL, CELLS: "ch=not a url" })).toThrow(/CELLS/);
    expect(() => parseCellsConfig({ DATABASE_URL, REGION_CELLS: "CH=ch" })).toThrow(/REGION_CELLS.*no cell "ch"/);
  });
});

describe("table classification", () => {
  it("every table without tenant_id is named a control-plane table, and every other is a cell table", async () => {
    const db = await createTestDatabase("cellclass");
    const client = new pg.Client({ connectionString: db.adminUrl });
    await client.connect();
    try {
      const { controlPlane, cell, unclassified } = await classifyTables(client);
      expect(unclassified).toEqual([]);
      expect(cell).toEqual(expect.arrayContaining(["appointments", "conversations", "messages", "channel_routes", "memberships"]));
      expect(cell).not.toContain("tenants");
      expect(cell).not.toContain("support_sessions");
      expect(controlPlane.sort()).toEqual([...CONTROL_PLANE_TABLES].sort());
    } finally {
      await client.end();
      await db.drop();
    }
  });
});
