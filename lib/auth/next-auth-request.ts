import "server-only";
import { NextRequest } from "next/server";
import { ApiError, readFormOrJsonBody } from "@/lib/http";
import { classifyHost } from "@/lib/tenancy/tenant-host";

/*
 * next-auth signs in on the apex only: tenant hosts get their cookie through
 * the hand-off (session-handoff.ts), so there next-auth's endpoints (csrf,
 * session, callbacks) do not exist and mint nothing. Its posts are read by
 * lib/http's one reader (type, size, NUL) and handed on as a plain form, so
 * next-auth's own parser never sees a body we would refuse.
 */
export async function nextAuthRequest(request: NextRequest): Promise<NextRequest> {
  if (classifyHost(request.headers.get("host")).kind !== "apex") throw new ApiError("not_found", "Not found.");
  if (request.method !== "POST") return request;
  const fields = await readFormOrJsonBody(request);
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined && value !== null) form.set(name, typeof value === "string" ? value : JSON.stringify(value));
  }
  const headers = new Headers(request.headers);
  headers.set("content-type", "application/x-www-form-urlencoded");
  headers.delete("content-length");
  return new NextRequest(request.url, { method: "POST", headers, body: form.toString() });
}
