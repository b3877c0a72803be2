import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { ApiError } from "@/lib/http";
import { emailSchema, newPasswordSchema } from "./credentials-rules";
import { EMAIL_POLICY, IP_POLICY, loginThrottle, signInThrottleKeys, type LoginThrottle, type ThrottleKey, type ThrottlePolicy } from "./login-throttle";
import { sendAccountEmail } from "./outgoing-email";
import { hashPassword } from "./password-hash";
import { auditInTenant, type RequestInfo } from "./request-info";
import { fileResetTicket, redeemResetTicket, resetTicketUsable } from "./security-store";
import { recordPlatformAuthEvent } from "./identity-store";

/*
 * "Forgot password". A request files a single-use ticket valid one hour and
 * mails its link; the answer is the same whether or not the email has an
 * account. The sign-in throttle applies: while sign-in is locked for the
 * email or the client, no link is sent, and requests count against their own
 * per-email budget and the client's sign-in budget, so the form can be used
 * neither to flood an inbox nor to probe accounts. Using the ticket sets the
 * password, ends every session of the account and lifts the email's lock.
 */

export const RESET_TTL_SECONDS = 60 * 60;
/** Links per email per hour: enough for a lost email, too few to flood an inbox. */
export const RESET_POLICY: ThrottlePolicy = { maxFailures: 5, windowSeconds: 60 * 60, lockSeconds: 60 * 60 };

export const resetRequestSchema = z.object({ email: emailSchema });
export const resetCompleteSchema = z.object({
  token: z.string({ message: "This link is not valid" }).regex(/^[A-Za-z0-9_-]{43}$/, "This link is not valid"),
  password: newPasswordSchema,
});

const hashTicket = (ticket: string) => createHash("sha256").update(ticket).digest("hex");
const digest = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 32);

function requestKeys(email: string, ip: string | null): ThrottleKey[] {
  return [{ key: `reset:${digest(email)}`, policy: RESET_POLICY }, ...signInThrottleKeys(email, ip).filter((k) => k.key.startsWith("ip:"))];
}

export interface ResetEmailText {
  subject: string;
  /** `{name}` and `{link}` slots; `{minutes}` for the validity. */
  body: string;
}

export async function requestPasswordReset(
  raw: unknown,
  info: RequestInfo,
  options: { origin: string; text: ResetEmailText; throttle?: LoginThrottle },
): Promise<void> {
  const { email } = resetRequestSchema.parse(raw);
  const throttle = options.throttle ?? loginThrottle();
  const keys = requestKeys(email, info.ip);
  const lockedUntil = await throttle.lockedUntil([...keys, ...signInThrottleKeys(email, null)]);
  if (lockedUntil) {
    throw new ApiError("rate_limited", "Too many attempts. Try again later.", undefined, {
      "retry-after": String(Math.max(1, Math.ceil((lockedUntil.getTime() - Date.now()) / 1000))),
    });
  }
  await throttle.recordFailure(keys);
  const ticket = randomBytes(32).toString("base64url");
  const filed = await fileResetTicket({ email, tokenHash: hashTicket(ticket), ttlSeconds: RESET_TTL_SECONDS, ip: info.ip });
  const entry = { action: "auth.password_reset_requested", ip: info.ip, requestId: info.requestId };
  if (!filed) {
    await recordPlatformAuthEvent({ ...entry, action: "auth.password_reset_requested", actorUserId: null, target: `email:${email}` });
    return;
  }
  const link = `${options.origin}/reset-password/${ticket}`;
  const fill = (s: string) => s.replace("{name}", filed.userName).replace("{link}", link).replace("{minutes}", String(RESET_TTL_SECONDS / 60));
  await sendAccountEmail({ to: email, subject: fill(options.text.subject), text: fill(options.text.body), kind: "password_reset" });
  await Promise.all(filed.tenantIds.map((tenantId) => auditInTenant(tenantId, { ...entry, actorUserId: filed.userId, target: `user:${filed.userId}` })));
}

export function resetLinkUsable(ticket: string): Promise<boolean> {
  return /^[A-Za-z0-9_-]{43}$/.test(ticket) ? resetTicketUsable(hashTicket(ticket)) : Promise.resolve(false);
}

export async function completePasswordReset(raw: unknown, info: RequestInfo, throttle: LoginThrottle = loginThrottle()): Promise<{ email: string }> {
  const parsed = resetCompleteSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path[0] === "password" ? "password" : "token";
    throw new ApiError("bad_request", `${field}: ${issue.message}`, field);
  }
  const ipKeys = signInThrottleKeys("", info.ip).filter((k) => k.key.startsWith("ip:"));
  const lockedUntil = await throttle.lockedUntil(ipKeys);
  if (lockedUntil) throw new ApiError("rate_limited", "Too many attempts. Try again later.");
  const redeemed = await redeemResetTicket(hashTicket(parsed.data.token), await hashPassword(parsed.data.password));
  if (!redeemed) {
    await throttle.recordFailure(ipKeys);
    throw new ApiError("bad_request", "token: This link has expired or was already used. Ask for a new one.", "token");
  }
  await throttle.reset(signInThrottleKeys(redeemed.email, null));
  const entry = { action: "auth.password_reset", actorUserId: redeemed.userId, target: `user:${redeemed.userId}`, metadata: { sessions: "ended" }, ip: info.ip, requestId: info.requestId };
  await Promise.all(redeemed.tenantIds.map((tenantId) => auditInTenant(tenantId, entry)));
  return { email: redeemed.email };
}

export { EMAIL_POLICY, IP_POLICY };
