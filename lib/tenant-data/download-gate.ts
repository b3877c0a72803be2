import "server-only";
import { ApiError } from "@/lib/http";

/*
 * A download holds its whole archive in memory (up to DATA_EXPORT_MAX_BYTES,
 * a few copies while the bytea is read and answered), so one owner firing
 * many at once could exhaust the process every tenant shares: a tenant
 * downloads one archive at a time per process, and a process serves a few.
 */

export const DOWNLOADS_PER_PROCESS = 2;
const RETRY_AFTER_SECONDS = 10;
const busy = new Set<string>();

/** Runs `read` (which loads the archive) while holding the tenant's slot; 429 when it or the process is busy. */
export async function withDownloadSlot<T>(tenantId: string, read: () => Promise<T>): Promise<T> {
  if (busy.has(tenantId) || busy.size >= DOWNLOADS_PER_PROCESS) {
    throw new ApiError("rate_limited", "Another download of an export is in progress; try again in a few seconds.", undefined, {
      "retry-after": String(RETRY_AFTER_SECONDS),
    });
  }
  busy.add(tenantId);
  try {
    return await read();
  } finally {
    busy.delete(tenantId);
  }
}
