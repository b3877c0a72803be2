import { NextResponse } from "next/server";
import { z } from "zod";
import { publicRoute, readFormOrJsonBody, sameOriginPath } from "@/lib/http";
import { UI_LOCALE_COOKIE, UI_LOCALES } from "@/lib/i18n";

const schema = z.object({
  locale: z.enum(UI_LOCALES, { message: "Choose fr or en" }),
  // Only a path on this host: an absolute URL here would make the switch an
  // open redirect. Visible ASCII only, as a browser sends a path (percent-
  // encoded); anything else could not go into the Location header.
  back: z.string().regex(/^\/(?!\/)[\x21-\x5b\x5d-\x7e]*$/, "Must be a path on this site").max(500).optional(),
});

/** The language switch in the console header: remembers the member's choice for a year, then goes back (303). */
export const POST = publicRoute(async (request: Request) => {
  const type = request.headers.get("content-type") ?? "";
  const parsed = schema.parse(await readFormOrJsonBody(request));
  const response = type.includes("application/json")
    ? new NextResponse(null, { status: 204 })
    : // A relative Location keeps the member on the host they are on (tenant subdomain or apex).
      new NextResponse(null, { status: 303, headers: { Location: parsed.back ?? sameSitePath(request) } });
  response.cookies.set(UI_LOCALE_COOKIE, parsed.locale, {
    path: "/",
    maxAge: 60 * 60 * 24 * 365,
    sameSite: "lax",
    httpOnly: false,
  });
  return response;
});

/** The page the switch was used on, when the browser says it was on this host; else the home page. */
function sameSitePath(request: Request): string {
  const referer = request.headers.get("referer");
  if (!referer) return "/";
  try {
    const from = new URL(referer);
    return from.host === request.headers.get("host") ? sameOriginPath(`${from.pathname}${from.search}`, "/") : "/";
  } catch {
    return "/";
  }
}
