/*
 * Small endpoints that plain HTML forms post to (language switch, workspace
 * switch) also accept JSON. A body that is neither, or cannot be parsed, reads
 * as empty, so the caller's schema answers 400 naming the missing field rather
 * than the parser throwing a 500.
 */
export async function readFormOrJsonBody(request: Request): Promise<Record<string, unknown>> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  try {
    if (type.includes("application/json")) {
      const body: unknown = await request.json();
      return body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
    }
    if (type.includes("application/x-www-form-urlencoded") || type.includes("multipart/form-data")) {
      return Object.fromEntries(await request.formData());
    }
  } catch {
    // Unreadable: fall through to empty.
  }
  return {};
}
