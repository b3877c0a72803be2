import { z } from "zod";

/*
 * The address the providers call us on. Behind a proxy or tunnel the request
 * URL Next sees is the internal one, while Twilio signs the public one and
 * Vapi must be told the public one for tool calls.
 */

const schema = z
  .string()
  .url({ message: "PUBLIC_URL must be an absolute http(s) URL" })
  .default("http://localhost:3000");

export function publicUrl(): string {
  const parsed = schema.safeParse(process.env.PUBLIC_URL || undefined);
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? "Invalid PUBLIC_URL");
  return parsed.data.replace(/\/+$/, "");
}

/** The public URL of the request: PUBLIC_URL + the path and query it was made on. */
export function publicRequestUrl(request: Request): string {
  const url = new URL(request.url);
  return publicUrl() + url.pathname + url.search;
}
