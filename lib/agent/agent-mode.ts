import "server-only";
import { z } from "zod";
import { recordAuditEvent, type AuditEntry } from "@/lib/audit";
import type { Prisma } from "@/lib/db/generated/client";
import type { TenantDb } from "@/lib/db/tenant-db";
import { ApiError } from "@/lib/http";
import { SecretUnavailableError, type SecretStore } from "@/lib/secrets";
import { requireTenantId } from "@/lib/tenancy";
import { agentSettingsOf, modelNameSchema, type AgentMode, type AgentSettings } from "./agent-settings";
import type { ModelEndpoint, ModelFallbackReason } from "./model-endpoint";

/*
 * Which reader the receptionist uses, per tenant, in tenant.settings.agent:
 * the keyword rules (the default, and the one the dialogue tests pin down) or
 * a model behind the tenant's own OpenAI-compatible key. Model mode only
 * changes who reads the message; the dialogue acts on it the same way.
 */

export { DEFAULT_MODEL, type AgentMode } from "./agent-settings";
export const DEFAULT_BASE_URL = "https://api.openai.com/v1";
/** A turn waits this long for the model before reading the message with the keyword rules. */
export const DEFAULT_MODEL_TIMEOUT_MS = 4_000;

const baseUrlSchema = z.url({ protocol: /^https?$/ });

export interface AgentModeSummary {
  mode: AgentMode;
  model: string;
  /** Whether an OpenAI api_key is stored; without one model mode is off whatever `mode` says. */
  apiKeyStored: boolean;
}

type Actor = Pick<AuditEntry, "actorUserId" | "actorKind" | "ip" | "requestId">;

export function createAgentMode(db: TenantDb, secrets: SecretStore) {
  async function storedSettings() {
    const tenant = await db.tenant.findFirst({ select: { settings: true } });
    return { all: tenant?.settings, agent: agentSettingsOf(tenant?.settings) };
  }

  async function apiKeyStored(): Promise<boolean> {
    return (await secrets.list()).some((s) => s.provider === "openai" && s.name === "api_key");
  }

  async function getAgentMode(): Promise<AgentModeSummary> {
    const { agent } = await storedSettings();
    return { ...agent, apiKeyStored: await apiKeyStored() };
  }

  async function setAgentMode(mode: AgentMode, options: { model?: string } = {}, actor: Actor = {}): Promise<AgentModeSummary> {
    const parsedMode = z.enum(["deterministic", "model"]).parse(mode);
    const model = options.model === undefined ? undefined : modelNameSchema.parse(options.model);
    const keyStored = await apiKeyStored();
    if (parsedMode === "model" && !keyStored) {
      throw new ApiError("bad_request", "Store an OpenAI API key under Provider keys before switching the receptionist to model mode", "mode");
    }
    const tenantId = requireTenantId("Setting the agent mode");
    return db.$transaction(async (tx) => {
      const row = await tx.tenant.findFirst({ select: { settings: true } });
      const all = row?.settings && typeof row.settings === "object" && !Array.isArray(row.settings) ? row.settings : {};
      const before = agentSettingsOf(all);
      const agent = { mode: parsedMode, model: model ?? before.model };
      await tx.tenant.update({
        where: { id: tenantId },
        data: { settings: { ...(all as Prisma.InputJsonObject), agent } },
      });
      await recordAuditEvent(tx as unknown as TenantDb, {
        ...actor,
        action: "agent.mode_changed",
        target: `tenant:${tenantId}`,
        metadata: { from: before.mode, to: agent.mode, model: agent.model },
      });
      return { ...agent, apiKeyStored: keyStored };
    });
  }

  /**
   * The endpoint a turn should read with, given the settings the turn already
   * read (TenantFacts.agent): null in deterministic mode, a reason when model
   * mode is set but cannot run (the turn then records why).
   */
  async function modelEndpoint(
    agent: AgentSettings,
    timeoutMs: number,
  ): Promise<ModelEndpoint | { unavailable: ModelFallbackReason } | null> {
    if (agent.mode !== "model") return null;
    try {
      const apiKey = await secrets.read("openai", "api_key");
      if (!apiKey) return { unavailable: "no_api_key" };
      const baseUrl = baseUrlSchema.safeParse((await secrets.read("openai", "base_url"))?.trim() || DEFAULT_BASE_URL);
      if (!baseUrl.success) return { unavailable: "invalid_base_url" };
      return { apiKey, baseUrl: baseUrl.data, model: agent.model, timeoutMs };
    } catch (error) {
      if (error instanceof SecretUnavailableError) return { unavailable: "key_unreadable" };
      throw error;
    }
  }

  return { getAgentMode, setAgentMode, modelEndpoint };
}

export type AgentModeSettings = ReturnType<typeof createAgentMode>;
