import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { cellsConfig } from "@/lib/cells/cell-config";
import { TenantMovingError } from "@/lib/cells/directory";
import { cellDirectory } from "@/lib/db/cell-databases";

/*
 * A caller on the line cannot be kept waiting like a chat request while the
 * tenant's data moves to another cell (lib/cells): a tool call still frozen
 * after VOICE_FREEZE_WAIT_MS is answered "one moment" (Vapi says it, and the
 * model asks again), and nothing is written. With one database this costs nothing.
 */

const ONE_MOMENT = "One moment please: the system is busy for a few seconds. Ask the caller to hold on, then try again.";

const toolCalls = z.looseObject({
  type: z.literal("tool-calls"),
  toolCallList: z.array(z.looseObject({ id: z.string(), name: z.string().optional(), function: z.looseObject({ name: z.string() }).optional() })).optional(),
});

export async function voiceHoldAnswer(tenantId: string, pending: unknown): Promise<Response | null> {
  if (!cellsConfig().routed) return null;
  const message = toolCalls.safeParse((pending as { message?: unknown } | undefined)?.message);
  if (!message.success) return null;
  const directory = cellDirectory();
  if ((await directory.entry(tenantId))?.state !== "frozen") return null;
  try {
    await directory.awaitServing(tenantId, Number(process.env.VOICE_FREEZE_WAIT_MS || 1_500));
    return null;
  } catch (error) {
    if (!(error instanceof TenantMovingError)) throw error;
  }
  const results = (message.data.toolCallList ?? []).map((c) => ({ toolCallId: c.id, name: c.function?.name ?? c.name ?? "", result: ONE_MOMENT }));
  return NextResponse.json({ results });
}
