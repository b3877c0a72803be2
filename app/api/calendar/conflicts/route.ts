import { NextResponse } from "next/server";
import { withTenantUser } from "@/lib/auth";
import { listCalendarConflicts } from "@/lib/calendar";

export const GET = withTenantUser({ action: "appointments.view" }, async () => NextResponse.json({ conflicts: await listCalendarConflicts() }));
