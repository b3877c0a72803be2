import "server-only";
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { runAgentTurn } from "@/lib/agent";
import { memberAuditEntry } from "@/lib/auth/member-audit";
import type { TenantUserContext } from "@/lib/auth";
import { authSecret } from "@/lib/auth/session-token";
import { recordAuditEvent } from "@/lib/audit";
import { ApiError } from "@/lib/http";
import { REHEARSAL_ACTION } from "./setup-checklist";

/*
 * "Try your receptionist": a member talks to the workspace's own
 * receptionist from the console. Each message is a real turn of the engine
 * (same dialogue, same booking rules and exclusion constraint, same model
 * mode) run as a rehearsal, whose transaction is rolled back: nothing it
 * books, no client it creates and no usage it counts is stored. What carries
 * the conversation from one message to the next is the dialogue state,
 * returned to the browser in a token signed for this member and workspace,
 * so it cannot be forged or replayed elsewhere. The first message of each
 * rehearsal is audited (and ticks the setup checklist).
 */

const TTL_MS = 2 * 60 * 60_000;

export const rehearsalTurnSchema = z.object({
  message: z.string({ message: "Type a message" }).trim().min(1, "Type a message").max(2000, "Messages are at most 2,000 characters"),
  token: z.string().max(16_000).optional(),
  locale: z.enum(["fr", "en"]).optional(),
});

interface Carried {
  tenant: string;
  user: string;
  id: string;
  state: unknown;
  lastReply: string | null;
  expires: number;
}

const sign = (payload: string) => createHmac("sha256", `rehearsal:${authSecret()}`).update(payload).digest("base64url");

function seal(carried: Carried): string {
  const payload = Buffer.from(JSON.stringify(carried)).toString("base64url");
  return `${payload}.${sign(payload)}`;
}

function unseal(token: string, ctx: TenantUserContext, now: Date): Carried | null {
  const [payload, signature] = token.split(".");
  if (!payload || !signature) return null;
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const carried = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Carried;
    if (carried.tenant !== ctx.user.tenantId || carried.user !== ctx.user.userId || carried.expires < now.getTime()) return null;
    return carried;
  } catch {
    return null;
  }
}

export interface RehearsalReply {
  reply: string;
  handoff: boolean;
  /** What a real conversation would have booked, moved or cancelled; nothing was. */
  appointment: { service: string; startsAt: string; endsAt: string; status: "booked" | "cancelled" } | null;
  token: string;
}

export async function rehearseTurn(ctx: TenantUserContext, input: z.infer<typeof rehearsalTurnSchema>, now = new Date()): Promise<RehearsalReply> {
  const carried = input.token ? unseal(input.token, ctx, now) : null;
  if (input.token && !carried) throw new ApiError("bad_request", "token: This test conversation has ended; start a new one.", "token");
  const id = carried?.id ?? randomUUID();
  if (!carried) {
    await recordAuditEvent(ctx.db, memberAuditEntry(ctx, REHEARSAL_ACTION, `rehearsal:${id}`));
  }
  const turn = await runAgentTurn({
    channel: "web",
    externalId: `rehearsal:${id}`,
    message: input.message,
    ...(input.locale ? { locale: input.locale } : {}),
    now,
    rehearsal: { state: carried?.state ?? {}, lastReply: carried?.lastReply ?? null },
  });
  return {
    reply: turn.reply,
    handoff: turn.handoff,
    appointment: turn.appointment
      ? {
          service: turn.appointment.service,
          startsAt: turn.appointment.startsAt.toISOString(),
          endsAt: turn.appointment.endsAt.toISOString(),
          status: turn.appointment.status,
        }
      : null,
    token: seal({ tenant: ctx.user.tenantId, user: ctx.user.userId, id, state: turn.rehearsalState ?? {}, lastReply: turn.reply, expires: now.getTime() + TTL_MS }),
  };
}
