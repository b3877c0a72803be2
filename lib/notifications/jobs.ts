import "server-only";
import { tenantDb } from "@/lib/db";
import { registerJob } from "@/lib/jobs";
import { sendPendingNotificationEmails } from "./notification-emails";

/* Notification emails no turn sent (voice hand-offs and tool bookings), within a minute. */
registerJob("notifications.email", () => sendPendingNotificationEmails(tenantDb()).then(() => undefined), {
  schedule: { every: "minute" },
  tenants: (t) => t.status !== "cancelled" && t.status !== "suspended",
});
