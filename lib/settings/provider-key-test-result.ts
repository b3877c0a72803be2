/* The answer of a provider key test (lib/settings/provider-key-test.ts), shared with the page that shows it. */

export type TestableProvider = "twilio" | "vapi" | "openai";

export type KeyTestResult =
  | { ok: true; provider: "twilio"; account: { name: string; status: string } }
  | { ok: true; provider: "vapi"; numbers: string[] }
  | { ok: true; provider: "openai"; models: number; model: string; hasModel: boolean }
  | { ok: false; provider: TestableProvider; reason: "missing" | "rejected" | "unreachable" | "blocked_address" | "failed"; status?: number };
