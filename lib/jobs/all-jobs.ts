import "server-only";

/*
 * Every domain's job module, imported for its registerJob() calls, so the
 * worker and `npm run dev` run the same set. A domain adds its line here,
 * e.g. `import "@/lib/billing/jobs";`.
 */

import "@/lib/billing/jobs";
import "@/lib/messaging/jobs";
import "@/lib/platform/actions/plan-override-expiry";
import "@/lib/reports/jobs";
import "@/lib/notifications/jobs";
import "@/lib/calendar/jobs";
import "@/lib/tenant-data/owner-export-jobs";

export {};
