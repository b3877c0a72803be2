import { NextRequest } from "next/server";
import { setUpChannelTest, type ChannelTestEnv } from "../channels/channel-test-env";

/*
 * For suites that drive console routes as every role: a seeded database, sessions for every role of
 * maple-dental (plus a second owner) and for cabinet-dupont's owner, and a
 * `send` that drives a real route handler with the session cookie.
 */

export type Who = "owner" | "owner2" | "admin" | "staff" | "viewer" | "dupont";
export type Handler = (request: NextRequest, route: { params: Promise<Record<string, string>> }) => Promise<Response>;
export interface Sent {
  status: number;
  text: string;
  json: { error?: { code: string; field?: string; message: string } } & Record<string, unknown>;
  headers: Headers;
}

export interface ConsoleRolesEnv {
  env: ChannelTestEnv;
  cookies: Record<Who, string>;
  memberships: Record<Who, string>;
  send(who: Who, handler: Handler, method: string, opts?: SendOptions): Promise<Sent>;
}

export interface SendOptions {
  body?: unknown;
  params?: Record<string, string>;
  search?: string;
  headers?: Record<string, string>;
}

const info = { ip: "203.0.113.9", requestId: "req-console-roles", userAgent: "vitest" };
const PASSWORD = "a long enough passphrase";

export async function setUpConsoleRoles(label: string): Promise<ConsoleRolesEnv> {
  const env = await setUpChannelTest(label);
  const { signInWithPassword } = await import("@/lib/auth/sign-in");
  const { handoffUrl, redeemHandoff } = await import("@/lib/auth/session-handoff");
  const { encodeSessionToken, sessionCookieName } = await import("@/lib/auth/session-token");
  const { checkTenantSession } = await import("@/lib/auth/tenant-session");
  const { inviteMember, acceptInvitation } = await import("@/lib/auth/team");
  const { tenantDb } = await import("@/lib/db");
  const { runAsTenant } = await import("@/lib/tenancy");
  const cookieName = sessionCookieName();

  async function session(email: string, password: string, tenantId: string, slug: string) {
    const apex = await signInWithPassword({ email, password }, info);
    const url = await handoffUrl({ sessionId: apex.sid, tenantId, slug, headers: new Headers({ host: "localhost:3000" }) });
    return (await redeemHandoff(new URL(url!).searchParams.get("ticket")!, tenantId))!.claims;
  }
  const maple = env.tenants["maple-dental"];
  const dupont = env.tenants["cabinet-dupont"];
  const ownerClaims = await session(maple.ownerEmail, maple.ownerPassword, maple.id, maple.slug);
  const check = await checkTenantSession(ownerClaims, maple.id);
  if (!check.ok) throw new Error("owner session refused");
  const owner = check.user;
  async function member(email: string, role: "viewer" | "staff" | "admin" | "owner") {
    await runAsTenant(maple.id, () => inviteMember({ user: owner, db: tenantDb(), request: info }, { email, role }, "http://localhost:3000"));
    const body = (
      await env.admin.query(`SELECT text_body FROM email_outbox WHERE tenant_id = $1 AND to_address = $2 ORDER BY created_at DESC LIMIT 1`, [maple.id, email])
    ).rows[0].text_body as string;
    const token = /\/invite\/[^/]+\/([A-Za-z0-9_-]+)/.exec(body)![1]!;
    await acceptInvitation({ slug: maple.slug, token, name: `${role} person`, password: PASSWORD }, info);
    return encodeSessionToken(await session(email, PASSWORD, maple.id, maple.slug));
  }
  const cookies: Record<Who, string> = {
    owner: await encodeSessionToken(ownerClaims),
    owner2: await member("otto@owner.test", "owner"),
    admin: await member("ada@admin.test", "admin"),
    staff: await member("stan@staff.test", "staff"),
    viewer: await member("vera@viewer.test", "viewer"),
    dupont: await encodeSessionToken(await session(dupont.ownerEmail, dupont.ownerPassword, dupont.id, dupont.slug)),
  };
  const rows = await env.admin.query<{ id: string; email: string }>(
    `SELECT m.id, u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.tenant_id = $1`,
    [maple.id],
  );
  const byEmail = new Map(rows.rows.map((r) => [r.email, r.id]));
  const memberships = {
    owner: byEmail.get(maple.ownerEmail)!,
    owner2: byEmail.get("otto@owner.test")!,
    admin: byEmail.get("ada@admin.test")!,
    staff: byEmail.get("stan@staff.test")!,
    viewer: byEmail.get("vera@viewer.test")!,
    dupont: "",
  };

  async function send(who: Who, handler: Handler, method: string, opts: SendOptions = {}): Promise<Sent> {
    const slug = who === "dupont" ? "cabinet-dupont" : "maple-dental";
    const { body } = opts;
    const request = new NextRequest(`http://${slug}.localhost:3000/api/x${opts.search ?? ""}`, {
      method,
      headers: {
        host: `${slug}.localhost:3000`,
        cookie: `${cookieName}=${cookies[who]}`,
        "content-type": "application/json",
        ...opts.headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const response = await handler(request, { params: Promise.resolve(opts.params ?? {}) });
    const text = await response.text();
    let json = {};
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      json = { raw: text };
    }
    return { status: response.status, text, json: json as Sent["json"], headers: response.headers };
  }

  return { env, cookies, memberships, send };
}
