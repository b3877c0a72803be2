import { NextRequest } from "next/server";
import { setUpChannelTest, type ChannelTestEnv, type ChannelTestOptions } from "../channels/channel-test-env";

/*
 * For suites that drive console routes as a signed-in user: a seeded database, sessions for
 * maple-dental's owner, for the members a suite asks for (invited and joined through the real
 * outbox flow) and for cabinet-dupont's owner, and a `send` that drives a real route handler with
 * the session cookie on the tenant's host.
 */

export type MemberRole = "owner2" | "admin" | "staff" | "viewer";
export type Who = "owner" | "dupont" | MemberRole;
export type Handler = (request: NextRequest, route: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface ApiErrorBody {
  code: string;
  message: string;
  field?: string;
}
export interface Sent<T = Record<string, unknown>> {
  status: number;
  text: string;
  json: T & { error?: ApiErrorBody };
  headers: Headers;
}

export interface SendOptions {
  body?: unknown;
  params?: Record<string, string>;
  search?: string;
  headers?: Record<string, string>;
  /** Cookies sent next to the session cookie, e.g. the UI locale. */
  cookies?: Record<string, string>;
}

export interface Member {
  email: string;
  name: string;
}

export interface ConsoleRolesOptions {
  /** Members of maple-dental to invite, in this order; all four by default. */
  members?: MemberRole[];
  /** Email or display name to use instead of a member's default. */
  as?: Partial<Record<MemberRole, Partial<Member>>>;
  channel?: ChannelTestOptions;
}

export interface ConsoleRolesEnv {
  env: ChannelTestEnv;
  /** Session cookies of the owners and of the members the suite asked for. */
  cookies: Record<Who, string>;
  /** Membership ids in maple-dental of the same people (none for dupont). */
  memberships: Record<Who, string>;
  send<T = Record<string, unknown>>(who: Who, handler: Handler, method: string, opts?: SendOptions): Promise<Sent<T>>;
}

/** The request details every sign-in and invitation of the set-up is recorded with. */
export const REQUEST_INFO = { ip: "203.0.113.9", requestId: "req-console-roles", userAgent: "vitest" };
const PASSWORD = "a long enough passphrase";
const DEFAULT_MEMBERS: Record<MemberRole, Member & { role: "owner" | "admin" | "staff" | "viewer" }> = {
  owner2: { email: "otto@owner.test", name: "owner person", role: "owner" },
  admin: { email: "ada@admin.test", name: "admin person", role: "admin" },
  staff: { email: "stan@staff.test", name: "staff person", role: "staff" },
  viewer: { email: "vera@viewer.test", name: "viewer person", role: "viewer" },
};

export async function setUpConsoleRoles(label: string, options: ConsoleRolesOptions = {}): Promise<ConsoleRolesEnv> {
  const env = await setUpChannelTest(label, options.channel);
  const { signInWithPassword } = await import("@/lib/auth/sign-in");
  const { handoffUrl, redeemHandoff } = await import("@/lib/auth/session-handoff");
  const { encodeSessionToken, sessionCookieName } = await import("@/lib/auth/session-token");
  const { checkTenantSession } = await import("@/lib/auth/tenant-session");
  const { inviteMember, acceptInvitation } = await import("@/lib/auth/team");
  const { tenantDb } = await import("@/lib/db");
  const { runAsTenant } = await import("@/lib/tenancy");
  const cookieName = sessionCookieName();
  const info = REQUEST_INFO;

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

  const cookies = { owner: await encodeSessionToken(ownerClaims) } as Record<Who, string>;
  const emails: Partial<Record<Who, string>> = { owner: maple.ownerEmail };
  for (const who of options.members ?? (["owner2", "admin", "staff", "viewer"] as const)) {
    const { role, email, name } = { ...DEFAULT_MEMBERS[who], ...options.as?.[who] };
    await runAsTenant(maple.id, () => inviteMember({ user: owner, db: tenantDb(), request: info }, { email, role }, "http://localhost:3000"));
    const body = (
      await env.admin.query(`SELECT text_body FROM email_outbox WHERE tenant_id = $1 AND to_address = $2 ORDER BY created_at DESC LIMIT 1`, [maple.id, email])
    ).rows[0].text_body as string;
    const token = /\/invite\/[^/]+\/([A-Za-z0-9_-]+)/.exec(body)![1]!;
    await acceptInvitation({ slug: maple.slug, token, name, password: PASSWORD }, info);
    cookies[who] = await encodeSessionToken(await session(email, PASSWORD, maple.id, maple.slug));
    emails[who] = email;
  }
  cookies.dupont = await encodeSessionToken(await session(dupont.ownerEmail, dupont.ownerPassword, dupont.id, dupont.slug));

  const rows = await env.admin.query<{ id: string; email: string }>(
    `SELECT m.id, u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.tenant_id = $1`,
    [maple.id],
  );
  const byEmail = new Map(rows.rows.map((r) => [r.email, r.id]));
  const memberships = Object.fromEntries(Object.entries(emails).map(([who, email]) => [who, byEmail.get(email)!])) as Record<Who, string>;

  async function send<T>(who: Who, handler: Handler, method: string, opts: SendOptions = {}): Promise<Sent<T>> {
    const session = cookies[who];
    if (!session) throw new Error(`no session for ${who}: add it to the suite's members`);
    const slug = who === "dupont" ? dupont.slug : maple.slug;
    const { body } = opts;
    const cookie = Object.entries({ [cookieName]: session, ...opts.cookies })
      .map(([name, value]) => `${name}=${value}`)
      .join("; ");
    const request = new NextRequest(`http://${slug}.localhost:3000/api/x${opts.search ?? ""}`, {
      method,
      headers: {
        host: `${slug}.localhost:3000`,
        cookie,
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
    return { status: response.status, text, json: json as Sent<T>["json"], headers: response.headers };
  }

  return { env, cookies, memberships, send };
}
