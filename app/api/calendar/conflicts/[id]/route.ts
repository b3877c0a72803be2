import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { isoWithOffset, moveByHand, setStatusByHand, tenantTimeZone } from "@/lib/booking";
import { resolveCalendarConflict, resolveConflictInput } from "@/lib/calendar";
import { idParam } from "@/lib/console/route-params";

/** Accepts (the appointment follows the external calendar, through the console's booking rules) or dismisses a conflict. */
export const POST = withTenantUser<{ id: string }>({ action: "appointments.manage" }, async (request, ctx, route) => {
  const id = await idParam(route.params, "conflict");
  const input = await readJson(request, resolveConflictInput);
  const timeZone = await tenantTimeZone(ctx.db);
  const result = await resolveCalendarConflict(ctx, id, input, {
    move: (appointmentId, startsAt) => {
      const local = isoWithOffset(startsAt, timeZone);
      return moveByHand(ctx, appointmentId, { date: local.slice(0, 10), time: local.slice(11, 16) });
    },
    cancel: (appointmentId) => setStatusByHand(ctx, appointmentId, { status: "cancelled" }),
  });
  return NextResponse.json(result);
});
