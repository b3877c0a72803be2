import { z } from "zod";
import { answerAgentTool } from "@/lib/agent";
import type { ChannelContext } from "./channel-gate";
import type { VapiInput } from "./vapi-gate";
import { runToolCallOnce } from "./tool-call-ledger";

/*
 * `tool-calls`: run each requested tool through the agent and answer
 * `{ results: [{ toolCallId, name, result | error }] }`, always with HTTP 200 —
 * each toolCallId once (tool-call-ledger.ts: a repeated delivery gets the
 * stored answer, never a second run) —
 * Vapi reads a non-2xx as a transport failure and the caller hears silence,
 * while an `error` line lets its model say something sensible.
 *
 * Vapi has sent tool calls in several shapes over time; all are accepted:
 * `toolCallList: [{ id, type: "function", function: { name, arguments } }]`
 * (arguments a JSON string or an object), `toolWithToolCallList: [{ toolCall }]`,
 * and the flat `{ id, name, arguments | parameters }`.
 */

const argsSchema = z.union([z.string(), z.record(z.string(), z.unknown())]).nullish();

const nestedCall = z.object({
  id: z.string().min(1).max(200),
  function: z.object({ name: z.string().min(1), arguments: argsSchema }),
});
const flatCall = z.object({
  id: z.string().min(1).max(200),
  name: z.string().min(1),
  arguments: argsSchema,
  parameters: argsSchema,
});
const toolCallSchema = z.union([nestedCall, flatCall]);

const toolCallsMessage = z
  .object({
    call: z.looseObject({ id: z.string().min(1) }).optional(),
    toolCallList: z.array(toolCallSchema).optional(),
    toolWithToolCallList: z.array(z.looseObject({ toolCall: toolCallSchema })).optional(),
    toolCalls: z.array(toolCallSchema).optional(),
  })
  .refine((m) => (m.toolCallList ?? m.toolWithToolCallList ?? m.toolCalls ?? []).length > 0, {
    message: "at least one tool call is required",
    path: ["toolCallList"],
  });

type ToolCall = z.infer<typeof toolCallSchema>;

interface ToolCallResult {
  toolCallId: string;
  name: string;
  result?: string;
  error?: string;
}

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim() || "The tool failed.";

function argumentsOf(call: ToolCall): Record<string, unknown> | Error {
  const raw = "function" in call ? call.function.arguments : (call.arguments ?? call.parameters);
  if (raw == null || raw === "") return {};
  if (typeof raw !== "string") return raw;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  return new Error("The tool arguments are not a JSON object.");
}

export async function runToolCalls(ctx: ChannelContext<"voice", VapiInput>): Promise<{ results: ToolCallResult[] }> {
  const message = toolCallsMessage.parse(ctx.input.message);
  const list: ToolCall[] =
    message.toolCallList ?? message.toolWithToolCallList?.map((t) => t.toolCall) ?? message.toolCalls ?? [];

  const results: ToolCallResult[] = [];
  // In order: a model may check availability and book in the same batch.
  for (const call of list) {
    const name = "function" in call ? call.function.name : call.name;
    const base = { toolCallId: call.id, name };
    if (!ctx.tenant.serving) {
      results.push({ ...base, error: "This business's phone reception is currently unavailable." });
      continue;
    }
    const args = argumentsOf(call);
    if (args instanceof Error) {
      results.push({ ...base, error: args.message });
      continue;
    }
    try {
      const out = await runToolCallOnce(call.id, name, message.call?.id, async (owned, tx) => {
        const answer = await answerAgentTool(name, args, {
          callerPhone: ctx.input.callerPhone,
          conversationId: owned.conversationId,
          tx,
          // Read in the claim's round trip: configuration changed since admission is honoured by this very call.
          configVersion: Math.max(ctx.configVersion, owned.configVersion),
        });
        return "result" in answer ? { result: answer.result } : { error: oneLine(answer.error) };
      });
      results.push({ ...base, ...out });
    } catch (error) {
      // Only the class is logged: messages may quote personal data.
      console.error(`[vapi] tool ${name} failed (request ${ctx.requestId}):`, (error as Error)?.name ?? typeof error);
      results.push({ ...base, error: "The tool failed on our side; please offer to transfer the call." });
    }
  }
  return { results };
}
