import { z } from "zod";

/*
 * Three connections, three roles:
 * - migration:  DATABASE_URL, the owner/superuser that applies migrations and seeds;
 * - app:        frontdesk_app, NOBYPASSRLS, the only role request handlers use;
 * - platform:   frontdesk_platform, for the audited support console.
 * The app and platform URLs default to DATABASE_URL with the user swapped, which
 * is what local PostgreSQL with trust auth (and the embedded server) need.
 */

const envSchema = z.object({
  DATABASE_URL: z.string().url({ message: "DATABASE_URL must be a postgres:// URL" }),
  APP_DATABASE_URL: z.string().url().optional(),
  PLATFORM_DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(3_000),
  DATABASE_REPLY_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(15_000),
});

export interface DatabaseUrls {
  migration: string;
  app: string;
  platform: string;
  poolSize: number;
  /** Longest wait for a new connection to be established. */
  connectTimeoutMs: number;
  /** Longest wait for a reply outside a request deadline. */
  replyTimeoutMs: number;
}

export const APP_ROLE = "frontdesk_app";
export const PLATFORM_ROLE = "frontdesk_platform";

export function withUser(url: string, user: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = "";
  return parsed.toString();
}

export function databaseUrls(env: NodeJS.ProcessEnv = process.env): DatabaseUrls {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid database configuration: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  const e = parsed.data;
  return {
    migration: e.DATABASE_URL,
    app: e.APP_DATABASE_URL ?? withUser(e.DATABASE_URL, APP_ROLE),
    platform: e.PLATFORM_DATABASE_URL ?? withUser(e.DATABASE_URL, PLATFORM_ROLE),
    poolSize: e.DATABASE_POOL_SIZE,
    connectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS,
    replyTimeoutMs: e.DATABASE_REPLY_TIMEOUT_MS,
  };
}
