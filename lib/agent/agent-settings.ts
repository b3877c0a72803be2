import { z } from "zod";

/*
 * Which reader the receptionist uses, per tenant, in tenant.settings.agent:
 * the keyword rules (the default) or a model. A leaf module: the tenant
 * facts read it, and so does agent-mode, which writes it.
 */

export type AgentMode = "deterministic" | "model";

export const DEFAULT_MODEL = "gpt-4o-mini";

export const modelNameSchema = z
  .string()
  .trim()
  .regex(/^[\w.:/@-]{1,100}$/, "Model names are 1 to 100 letters, digits or . : / @ - _");

const agentSettingsSchema = z.object({
  mode: z.enum(["deterministic", "model"]).catch("deterministic").default("deterministic"),
  model: modelNameSchema.catch(DEFAULT_MODEL).default(DEFAULT_MODEL),
});

export type AgentSettings = z.infer<typeof agentSettingsSchema>;

/** The agent part of tenant.settings; anything missing or invalid reads as the default. */
export function agentSettingsOf(settings: unknown): AgentSettings {
  const agent = settings && typeof settings === "object" ? (settings as Record<string, unknown>).agent : undefined;
  return agentSettingsSchema.parse(agent && typeof agent === "object" ? agent : {});
}
