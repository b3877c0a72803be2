import type { EndpointRefusal } from "./model-endpoint-guard";

/*
 * Where model mode sends a message to be read, and why a turn fell back to
 * the keyword rules. A leaf module: agent-mode builds endpoints, the model
 * reader uses them, and neither needs the other.
 */

export interface ModelEndpoint {
  apiKey: string;
  /** OpenAI-compatible base, e.g. https://api.openai.com/v1. */
  baseUrl: string;
  model: string;
  timeoutMs: number;
}

export type ModelFallbackReason =
  | "timeout"
  | "network_error"
  | `http_${number}`
  | "invalid_json"
  | "schema_mismatch"
  | "no_api_key"
  | "invalid_base_url"
  | "key_unreadable"
  | "stale_context"
  | "response_too_large"
  /** The plan's model tokens for the month are used: the keyword engine answers until the next month. */
  | "token_limit"
  /** The base URL was refused before connecting (see model-endpoint-guard.ts). */
  | EndpointRefusal;
