import { NextResponse } from "next/server";
import { withTenantUser } from "@/lib/auth";
import { listCalendarConnections } from "@/lib/calendar";

/** Each resource's calendar: provider, non-secret fields, state, last sync and last error. Never credentials. */
export const GET = withTenantUser({ action: "settings.view" }, async () => NextResponse.json({ connections: await listCalendarConnections() }));
