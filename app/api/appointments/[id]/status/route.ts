import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { setStatusByHand } from "@/lib/booking";
import { appointmentStatusSchema } from "@/lib/booking/appointment-schemas";
import { idParam } from "@/lib/console/route-params";

/** Cancels, or marks a started appointment completed or no-show. */
export const PUT = withTenantUser<{ id: string }>({ action: "appointments.manage" }, async (request, ctx, route) => {
  const id = await idParam(route.params, "appointment");
  return NextResponse.json(await setStatusByHand(ctx, id, await readJson(request, appointmentStatusSchema)));
});
