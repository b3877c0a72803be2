import { NextResponse, type NextRequest } from "next/server";
import { errorBodyFromZod, publicRoute, readFormOrJsonBody } from "@/lib/http";
import { applyLinkAction, linkActionSchema } from "@/lib/messaging";

// The one-tap page's actions (cancel, move). A form post comes back to the
// page with the outcome; a JSON post gets it as JSON.
export const POST = publicRoute(async (request: NextRequest) => {
  const parsed = linkActionSchema.safeParse(await readFormOrJsonBody(request));
  if (!parsed.success) return NextResponse.json(errorBodyFromZod(parsed.error), { status: 400 });
  const outcome = await applyLinkAction(parsed.data);
  if ((request.headers.get("content-type") ?? "").includes("json")) return NextResponse.json(outcome);
  const back = new URL(`/a/${parsed.data.token}`, request.url);
  back.searchParams.set("done", outcome.result);
  return NextResponse.redirect(back, 303);
});
