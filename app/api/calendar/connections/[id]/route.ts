import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { connectCalendar, connectCalendarInput, disconnectCalendar } from "@/lib/calendar";
import { idParam } from "@/lib/console/route-params";

/** Connects (or replaces) the calendar of resource `id`; the credentials are checked against the calendar first. */
export const PUT = withTenantUser<{ id: string }>({ action: "keys.manage" }, async (request, ctx, route) => {
  const resourceId = await idParam(route.params, "resource");
  return NextResponse.json(await connectCalendar(ctx, resourceId, await readJson(request, connectCalendarInput)));
});

export const DELETE = withTenantUser<{ id: string }>({ action: "keys.manage" }, async (_request, ctx, route) =>
  NextResponse.json(await disconnectCalendar(ctx, await idParam(route.params, "resource"))),
);
