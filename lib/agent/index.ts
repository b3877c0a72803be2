import "server-only";
import type { AuditEntry } from "@/lib/audit";
import { tenantDb } from "@/lib/db";
import { tenantSecrets } from "@/lib/secrets";
import { deliverBillingNotices } from "@/lib/billing/notices";
import { logger } from "@/lib/observability/logger";
import { sendPendingNotificationEmails } from "@/lib/notifications/notification-emails";
import { createAgentMode, type AgentMode, type AgentModeSummary } from "./agent-mode";
import { createAgentTools } from "./agent-tools";
import { createReceptionist, type Receptionist } from "./receptionist";
import type { TenantFacts } from "./tenant-facts";
import { requireTenantId } from "@/lib/tenancy";
import type { AgentToolContext, AgentToolName, AgentToolResult, AgentTurnInput, AgentTurnResult } from "./types";

export type {
  AgentTurnInput,
  AgentTurnResult,
  NewConversationGate,
  AgentTurnAppointment,
  AgentToolName,
  AgentToolContext,
  AgentToolResult,
} from "./types";
export { AGENT_TOOL_DEFINITIONS, createAgentTools } from "./agent-tools";
export { createReceptionist, ConversationNotFoundError, NewConversationRefusedError, type Receptionist, type ReceptionistOptions } from "./receptionist";
export { createAgentMode, DEFAULT_MODEL, type AgentMode, type AgentModeSummary } from "./agent-mode";
export { vetModelEndpoint, privateHostsAllowed, type EndpointRefusal } from "./model-endpoint-guard";
export type { TenantFacts } from "./tenant-facts";

let receptionist: Receptionist | undefined;
let tools: ReturnType<typeof createAgentTools> | undefined;
let mode: ReturnType<typeof createAgentMode> | undefined;
// Bound lazily so importing the module opens no pool; tests build their own with the create* factories.
const app = () =>
  (receptionist ??= createReceptionist(tenantDb(), {
    secrets: tenantSecrets(),
    // The model-token alerts' emails go after the turn, in its tenant's context, never delaying the answer.
    onUsageNotices: () => void deliverBillingNotices().catch((error: unknown) => logger().warn({ err: error }, "billing notices not delivered yet")),
  }));
const appTools = () => (tools ??= createAgentTools(tenantDb()));
const appMode = () => (mode ??= createAgentMode(tenantDb(), tenantSecrets()));

/**
 * One turn of the receptionist on any channel; call inside runAsTenant. Stores
 * the conversation (by channel + externalId), both messages, the client and an
 * `inbound_message` usage event, all in one transaction.
 */
export async function runAgentTurn(input: AgentTurnInput): Promise<AgentTurnResult> {
  const result = await app().runAgentTurn(input);
  // The turn's triggers queued notifications: their emails go after the answer, never delaying it.
  if ((result.handoff || result.appointment) && !result.duplicate && result.rehearsalState === undefined) {
    void sendPendingNotificationEmails(tenantDb()).catch((error: unknown) => logger().warn({ err: error }, "notification emails not sent yet"));
  }
  return result;
}

/** The current tenant's configuration as the receptionist knows it (cached per version). */
export async function receptionistFacts(atLeastVersion?: number): Promise<TenantFacts> {
  return (await app().facts.get(requireTenantId("receptionistFacts"), atLeastVersion)).value;
}

/** The tenant's greeting (first message) with business name and persona. */
export function greetingFor(locale?: "fr" | "en", atLeastVersion?: number): Promise<string> {
  return app().greetingFor(locale, atLeastVersion);
}

/** A Vapi tool call: one line of text; user errors come back as `{ error }`, never thrown. */
export function runAgentTool(
  name: AgentToolName | (string & {}),
  args: Record<string, unknown>,
  ctx: AgentToolContext,
): Promise<AgentToolResult> {
  return appTools().runAgentTool(name, args, ctx);
}

/**
 * A tool's answer only, for a caller that keeps its own record: the channel's
 * tool-call ledger resolves the conversation and stores the tool message
 * together with the outcome, exactly once per toolCallId.
 */
export function answerAgentTool(
  name: AgentToolName | (string & {}),
  args: Record<string, unknown>,
  ctx: AgentToolContext,
): Promise<AgentToolResult> {
  return appTools().answerAgentTool(name, args, ctx);
}

/** The current tenant's agent mode and model; says whether an OpenAI key is stored, never the key. */
export function getAgentMode(): Promise<AgentModeSummary> {
  return appMode().getAgentMode();
}

/**
 * Switches the current tenant between the keyword rules and model mode
 * (audited). Model mode is refused until an OpenAI api_key is stored.
 */
export function setAgentMode(
  agentMode: AgentMode,
  options: { model?: string } = {},
  actor: Pick<AuditEntry, "actorUserId" | "actorKind" | "ip" | "requestId"> = {},
): Promise<AgentModeSummary> {
  return appMode().setAgentMode(agentMode, options, actor);
}
