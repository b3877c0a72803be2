import "server-only";
import type { Every } from "./clock";

/*
 * Domains declare their jobs here at import time (lib/jobs/all-jobs.ts
 * imports each domain's job module); the runner reads the registry when it
 * starts. Held on globalThis so two copies of this module (Next bundles,
 * tsx) share one registry.
 */

/** What the runner knows of a tenant when deciding whom a scheduled job is for. */
export interface JobTenant {
  id: string;
  status: string;
  plan: string;
  trialEndsAt: Date | null;
  pastDueSince: Date | null;
  suspendedAt: Date | null;
  cancelledAt: Date | null;
  /** When a plan set by Frontdesk support ends (lib/platform/actions). */
  planOverrideUntil: Date | null;
}

export interface JobContext<T = unknown> {
  jobId: string;
  name: string;
  tenantId: string;
  /** The part of the singleton key after the tenant: the period, or the caller's key. */
  key: string;
  data: T;
  /** The runner's clock at the start of the run; never Date.now() in a job. */
  now: Date;
  attempt: number;
}

export type JobHandler<T = unknown> = (job: JobContext<T>) => Promise<void>;

export interface JobOptions {
  /** Run once per tenant and period; the period is part of the singleton key. */
  schedule?: { every: Every };
  /** Which tenants a scheduled job is for; all by default. */
  tenants?: (tenant: JobTenant, now: Date) => boolean;
  /** Attempts after the first failure (default 3), `retryDelaySeconds` apart, doubling. */
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** A run taking longer is considered lost and retried (default 15 minutes). */
  expireInSeconds?: number;
}

export interface JobDefinition {
  name: string;
  handler: JobHandler<never>;
  options: JobOptions;
}

const key = Symbol.for("frontdesk.job-registry");
const registry = ((globalThis as Record<symbol, Map<string, JobDefinition>>)[key] ??= new Map());

const NAME = /^[a-z][a-z0-9_.-]{1,60}$/;

export function registerJob<T>(name: string, handler: JobHandler<T>, options: JobOptions = {}): void {
  if (!NAME.test(name)) throw new TypeError(`registerJob: invalid job name "${name}" (lowercase letters, digits, . _ -)`);
  registry.set(name, { name, handler: handler as JobHandler<never>, options });
}

export function registeredJobs(): JobDefinition[] {
  return [...registry.values()];
}

/** Tests only: forget every registration. */
export function unsafeClearJobRegistry(): void {
  registry.clear();
}
