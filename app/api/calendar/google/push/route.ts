import { NextResponse, type NextRequest } from "next/server";
import { receiveGooglePush } from "@/lib/calendar";
import { publicRoute } from "@/lib/http";

const STATUS = { accepted: 200, unknown_channel: 404, bad_token: 401 } as const;

/** Google Calendar push notifications (events.watch); validated by channel token in lib/calendar. */
export const POST = publicRoute(async (request: NextRequest) => {
  const outcome = await receiveGooglePush(request.headers);
  return NextResponse.json({ outcome }, { status: STATUS[outcome] });
});
