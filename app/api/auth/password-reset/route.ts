import { NextResponse, type NextRequest } from "next/server";
import { readJson } from "@/lib/auth";
import { requestPasswordReset, resetRequestSchema } from "@/lib/auth/password-reset";
import { requestInfo } from "@/lib/auth/request-info";
import { ApiError, errorResponse } from "@/lib/http";
import { messagesFor } from "@/lib/i18n";
import { authMessages } from "@/lib/i18n/auth-messages";
import { getPublicLocale } from "@/lib/i18n/public-locale";
import { apexOrigin, classifyHost } from "@/lib/tenancy/tenant-host";

/** Apex: mails a reset link if the email has an account; the answer never says whether it has. */
export async function POST(request: NextRequest) {
  const info = requestInfo(request.headers);
  try {
    if (classifyHost(request.headers.get("host")).kind !== "apex") throw new ApiError("not_found", "Not found.");
    const input = await readJson(request, resetRequestSchema);
    const t = messagesFor(authMessages, await getPublicLocale());
    await requestPasswordReset(input, info, { origin: apexOrigin(request.headers), text: { subject: t.resetEmailSubject, body: t.resetEmailBody } });
    return NextResponse.json({ ok: true }, { status: 202 });
  } catch (error) {
    return errorResponse(error, info.requestId ?? undefined);
  }
}
