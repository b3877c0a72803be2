import "server-only";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/*
 * The master keys that wrap tenant secrets, by version. The current version
 * encrypts; every listed version decrypts, so rotation can re-encrypt rows
 * one by one while old and new coexist.
 *
 * Production: FRONTDESK_MASTER_KEY (base64, 32 bytes) with
 * FRONTDESK_MASTER_KEY_VERSION, and retired keys in
 * FRONTDESK_PREVIOUS_MASTER_KEYS as "version:base64,…".
 * Development: without FRONTDESK_MASTER_KEY a key ring is generated once into
 * <data dir>/master-keys.json (git-ignored), with a warning.
 */

export interface Keyring {
  current: number;
  keys: Map<number, Buffer>;
  source: "env" | "dev-file";
}

const KEY_BYTES = 32;

function decodeKey(value: string, what: string): Buffer {
  const key = Buffer.from(value.trim(), "base64");
  if (key.length !== KEY_BYTES) throw new Error(`${what} must be ${KEY_BYTES} bytes, base64-encoded`);
  return key;
}

export function devKeyringFile(): string {
  return path.join(process.env.FRONTDESK_DATA_DIR ?? ".data", "master-keys.json");
}

interface DevKeyringFile {
  current: number;
  keys: Record<string, string>;
}

function readDevKeyring(file: string): Keyring {
  const json = JSON.parse(readFileSync(file, "utf8")) as DevKeyringFile;
  const keys = new Map(Object.entries(json.keys).map(([v, k]) => [Number(v), decodeKey(k, `dev key ${v}`)]));
  return { current: json.current, keys, source: "dev-file" };
}

function writeDevKeyring(file: string, ring: Keyring): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const json: DevKeyringFile = {
    current: ring.current,
    keys: Object.fromEntries([...ring.keys].map(([v, k]) => [String(v), k.toString("base64")])),
  };
  writeFileSync(file, JSON.stringify(json, null, 2) + "\n", { mode: 0o600 });
}

export function loadKeyring(env: NodeJS.ProcessEnv = process.env): Keyring {
  const master = env.FRONTDESK_MASTER_KEY;
  if (master) {
    const current = Number(env.FRONTDESK_MASTER_KEY_VERSION ?? "1");
    if (!Number.isInteger(current) || current < 1) throw new Error("FRONTDESK_MASTER_KEY_VERSION must be a positive integer");
    const keys = new Map<number, Buffer>([[current, decodeKey(master, "FRONTDESK_MASTER_KEY")]]);
    for (const entry of (env.FRONTDESK_PREVIOUS_MASTER_KEYS ?? "").split(",").filter(Boolean)) {
      const [version, key] = entry.split(":");
      const v = Number(version);
      if (!Number.isInteger(v) || !key || v === current) {
        throw new Error("FRONTDESK_PREVIOUS_MASTER_KEYS must be a comma list of version:base64 (versions distinct from the current one)");
      }
      keys.set(v, decodeKey(key, `previous master key ${v}`));
    }
    return { current, keys, source: "env" };
  }
  if (env.NODE_ENV === "production") throw new Error("FRONTDESK_MASTER_KEY must be set in production");
  const file = devKeyringFile();
  if (existsSync(file)) return readDevKeyring(file);
  const ring: Keyring = { current: 1, keys: new Map([[1, randomBytes(KEY_BYTES)]]), source: "dev-file" };
  writeDevKeyring(file, ring);
  console.warn(`[secrets] FRONTDESK_MASTER_KEY is not set: generated a development key ring in ${file}`);
  return ring;
}

/** Development only: adds a new key version and makes it current. */
export function addDevKeyVersion(): Keyring {
  const file = devKeyringFile();
  const ring = existsSync(file) ? readDevKeyring(file) : loadKeyring();
  const next = Math.max(...ring.keys.keys()) + 1;
  ring.keys.set(next, randomBytes(KEY_BYTES));
  ring.current = next;
  writeDevKeyring(file, ring);
  return ring;
}
