import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { bookByHand, listAppointmentWeek } from "@/lib/booking";
import { appointmentQuerySchema, manualBookingSchema } from "@/lib/booking/appointment-schemas";
import { tenantRegion } from "@/lib/settings";
import { readQuery } from "@/lib/http";

export const GET = withTenantUser({ action: "appointments.view" }, async (request, ctx) => {
  const query = readQuery(request.nextUrl.searchParams, appointmentQuerySchema);
  return NextResponse.json(await listAppointmentWeek(ctx.db, query));
});

export const POST = withTenantUser({ action: "appointments.manage" }, async (request, ctx) => {
  const input = await readJson(request, manualBookingSchema(await tenantRegion(ctx.db)));
  return NextResponse.json(await bookByHand(ctx, input), { status: 201 });
});
