import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { moveByHand, readAppointment } from "@/lib/booking";
import { moveAppointmentSchema } from "@/lib/booking/appointment-schemas";
import { idParam } from "@/lib/console/route-params";

export const GET = withTenantUser<{ id: string }>({ action: "appointments.view" }, async (_request, ctx, route) =>
  NextResponse.json(await readAppointment(ctx, await idParam(route.params, "appointment"))),
);

/** Moves the appointment to another local date and time. */
export const PATCH = withTenantUser<{ id: string }>({ action: "appointments.manage" }, async (request, ctx, route) => {
  const id = await idParam(route.params, "appointment");
  const input = await readJson(request, moveAppointmentSchema);
  return NextResponse.json(await moveByHand(ctx, id, input));
});
