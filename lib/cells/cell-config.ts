import { readFileSync } from "node:fs";
import { z } from "zod";
import { APP_ROLE, PLATFORM_ROLE, databaseUrls, withUser } from "@/lib/db/database-urls";

/*
 * Where the cells are (issue 16):
 *   CELLS=default=postgresql://…,ch=postgresql://…   owner URL per cell; the
 *     app and platform URLs swap the user, as lib/db/database-urls does;
 *   CELLS_FILE=cells.json   {"ch": {"owner": "…", "app": "…", "platform": "…"}}
 *     when the roles need their own URLs (passwords, a pooler);
 *   REGION_CELLS=CH=ch,DZ=dz,*=default   which cell a new tenant of a region goes to.
 * Without CELLS there is one cell, `default`, in the control plane's database:
 * nothing is routed and nothing costs a round trip more than before.
 */

export const DEFAULT_CELL = "default";
const CELL_NAME = /^[a-z][a-z0-9_-]{0,30}$/;

export interface CellUrls {
  owner: string;
  app: string;
  platform: string;
}

export interface CellsConfig {
  cells: ReadonlyMap<string, CellUrls>;
  /** Region code (or "*") → cell name. */
  regions: ReadonlyMap<string, string>;
  /** True when some cell is not the control plane's own database. */
  routed: boolean;
}

const urlSchema = z.string().url();
const fileSchema = z.record(
  z.string().regex(CELL_NAME),
  z.union([urlSchema, z.object({ owner: urlSchema, app: urlSchema.optional(), platform: urlSchema.optional() })]),
);

function cellUrlsOf(owner: string, app?: string, platform?: string): CellUrls {
  return { owner, app: app ?? withUser(owner, APP_ROLE), platform: platform ?? withUser(owner, PLATFORM_ROLE) };
}

function fail(variable: string, message: string): never {
  throw new Error(`Invalid cell configuration: ${variable}: ${message}`);
}

function pairs(value: string, variable: string): Array<[string, string]> {
  return value
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const at = part.indexOf("=");
      if (at <= 0) fail(variable, `"${part}" is not name=value`);
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()];
    });
}

function sameDatabase(a: string, b: string): boolean {
  const x = new URL(a);
  const y = new URL(b);
  return x.hostname === y.hostname && (x.port || "5432") === (y.port || "5432") && x.pathname === y.pathname;
}

export function parseCellsConfig(env: NodeJS.ProcessEnv = process.env): CellsConfig {
  const control = databaseUrls(env);
  const cells = new Map<string, CellUrls>();
  if (env.CELLS_FILE) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(env.CELLS_FILE, "utf8"));
    } catch (error) {
      fail("CELLS_FILE", error instanceof Error ? error.message : String(error));
    }
    const parsed = fileSchema.safeParse(raw);
    if (!parsed.success) fail("CELLS_FILE", `${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message}`);
    for (const [name, v] of Object.entries(parsed.data)) cells.set(name, typeof v === "string" ? cellUrlsOf(v) : cellUrlsOf(v.owner, v.app, v.platform));
  } else if (env.CELLS) {
    for (const [name, url] of pairs(env.CELLS, "CELLS")) {
      if (!CELL_NAME.test(name)) fail("CELLS", `"${name}" is not a cell name (a-z, 0-9, - and _)`);
      if (!urlSchema.safeParse(url).success) fail("CELLS", `${name}: not a postgres:// URL`);
      cells.set(name, cellUrlsOf(url));
    }
  }
  // The default cell is the control plane's database unless configured otherwise.
  if (!cells.has(DEFAULT_CELL)) cells.set(DEFAULT_CELL, { owner: control.migration, app: control.app, platform: control.platform });

  const regions = new Map<string, string>();
  for (const [region, cell] of pairs(env.REGION_CELLS ?? "", "REGION_CELLS")) {
    if (!cells.has(cell)) fail("REGION_CELLS", `${region}=${cell}: no cell "${cell}" in CELLS`);
    regions.set(region.toUpperCase(), cell);
  }
  const routed = [...cells.values()].some((c) => !sameDatabase(c.owner, control.migration));
  return { cells, regions, routed };
}

const cacheKey = Symbol.for("frontdesk.cells-config");
const store = globalThis as Record<symbol, CellsConfig | undefined>;

/** The process's cell configuration, read once from the environment. */
export function cellsConfig(): CellsConfig {
  return (store[cacheKey] ??= parseCellsConfig());
}

/** Tests change the environment between files. */
export function resetCellsConfig(): void {
  store[cacheKey] = undefined;
}

/** The owner, app and platform URLs of a cell; throws for an unknown cell. */
export function cellUrls(cell: string, config: CellsConfig = cellsConfig()): CellUrls {
  const urls = config.cells.get(cell);
  if (!urls) throw new Error(`No cell "${cell}" is configured (CELLS)`);
  return urls;
}

export function isCell(cell: string, config: CellsConfig = cellsConfig()): boolean {
  return config.cells.has(cell);
}

/** The cell a new tenant of `region` is placed in: REGION_CELLS, then its "*", then `default`. */
export function cellForRegion(region: string, config: CellsConfig = cellsConfig()): string {
  return config.regions.get(region.toUpperCase()) ?? config.regions.get("*") ?? DEFAULT_CELL;
}
