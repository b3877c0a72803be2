import "server-only";
import http from "node:http";
import https from "node:https";
import OpenAI from "openai";
import twilio from "twilio";
import type TwilioRequestClient from "twilio/lib/base/RequestClient";
import { VapiClient } from "@vapi-ai/server-sdk";
import { DEFAULT_MODEL, privateHostsAllowed, vetModelEndpoint } from "@/lib/agent";
import { DEFAULT_BASE_URL } from "@/lib/agent/agent-mode";
import type { VettedEndpoint } from "@/lib/agent/model-endpoint-guard";
import type { TenantUserContext } from "@/lib/auth";
import { auditMemberChange } from "@/lib/auth/member-audit";
import { tenantSecrets } from "@/lib/secrets";
import type { KeyTestResult, TestableProvider } from "./provider-key-test-result";

/*
 * "Test" on the Provider keys page: one harmless read through each
 * provider's own client with the stored keys. Twilio reads the account,
 * Vapi lists the phone numbers, the model provider lists its models. The
 * answer says what was found, or why it failed, never a key. TWILIO_API_URL
 * and VAPI_API_URL move the two fixed APIs to a local stand-in (tests); the
 * model's base URL is the tenant's own and goes through the same address
 * vetting as every model call, connecting only to the vetted address.
 */

export const TESTABLE_PROVIDERS = ["twilio", "vapi", "openai"] as const satisfies readonly TestableProvider[];
export type { KeyTestResult, TestableProvider };

const TIMEOUT_MS = 10_000;

/** Twilio's client with its requests moved to TWILIO_API_URL when set. */
class RedirectedRequestClient extends twilio.RequestClient {
  constructor(private readonly origin: string) {
    super({ timeout: TIMEOUT_MS });
  }
  override request<T>(opts: TwilioRequestClient.RequestOptions<T>) {
    const url = new URL(opts.uri);
    return super.request<T>({ ...opts, uri: `${this.origin.replace(/\/+$/, "")}${url.pathname}${url.search}` });
  }
}

/** A fetch that connects only to the vetted address of the tenant's model endpoint, and follows no redirect. */
function fetchPinnedTo(endpoint: VettedEndpoint): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const target = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    if (target.host !== endpoint.url.host) throw new Error("The model client asked for another host");
    const client = target.protocol === "https:" ? https : http;
    const headers = Object.fromEntries(new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)).entries());
    return new Promise<Response>((resolve, reject) => {
      const request = client.request(
        target,
        {
          method: init?.method ?? "GET",
          headers,
          signal: init?.signal ?? undefined,
          lookup: (_host, options, callback) => {
            if ((options as { all?: boolean }).all) {
              (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [{ address: endpoint.address, family: endpoint.family }]);
            } else callback(null, endpoint.address, endpoint.family);
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size > 2_000_000) request.destroy(new Error("response too large"));
            else chunks.push(chunk);
          });
          response.on("end", () => {
            const responseHeaders = new Headers();
            for (const [k, v] of Object.entries(response.headers)) if (typeof v === "string") responseHeaders.set(k, v);
            resolve(new Response(Buffer.concat(chunks), { status: response.statusCode ?? 502, headers: responseHeaders }));
          });
          response.on("error", reject);
        },
      );
      request.on("error", reject);
      request.end(typeof init?.body === "string" ? init.body : undefined);
    });
  }) as typeof fetch;
}

function statusOf(error: unknown): number | undefined {
  const e = error as { status?: unknown; statusCode?: unknown };
  const status = typeof e?.status === "number" ? e.status : typeof e?.statusCode === "number" ? e.statusCode : undefined;
  return status;
}

function failure(provider: TestableProvider, error: unknown): KeyTestResult {
  const status = statusOf(error);
  if (status === 401 || status === 403) return { ok: false, provider, reason: "rejected", status };
  if (status) return { ok: false, provider, reason: "failed", status };
  return { ok: false, provider, reason: "unreachable" };
}

async function testTwilio(): Promise<KeyTestResult> {
  const secrets = tenantSecrets();
  const [sid, token] = await Promise.all([secrets.read("twilio", "account_sid"), secrets.read("twilio", "auth_token")]);
  if (!sid || !token) return { ok: false, provider: "twilio", reason: "missing" };
  const origin = process.env.TWILIO_API_URL;
  const client = twilio(sid, token, origin ? { httpClient: new RedirectedRequestClient(origin) } : { timeout: TIMEOUT_MS });
  const account = await client.api.v2010.accounts(sid).fetch();
  return { ok: true, provider: "twilio", account: { name: account.friendlyName, status: account.status } };
}

async function testVapi(): Promise<KeyTestResult> {
  const token = await tenantSecrets().read("vapi", "api_key");
  if (!token) return { ok: false, provider: "vapi", reason: "missing" };
  const client = new VapiClient({ token, timeoutInSeconds: TIMEOUT_MS / 1000, maxRetries: 0, ...(process.env.VAPI_API_URL ? { baseUrl: process.env.VAPI_API_URL } : {}) });
  const numbers = await client.phoneNumbers.list();
  return { ok: true, provider: "vapi", numbers: numbers.map((n) => ("number" in n && typeof n.number === "string" ? n.number : (n.name ?? n.id))) };
}

async function testOpenAi(model: string): Promise<KeyTestResult> {
  const secrets = tenantSecrets();
  const [apiKey, baseUrl] = await Promise.all([secrets.read("openai", "api_key"), secrets.read("openai", "base_url")]);
  if (!apiKey) return { ok: false, provider: "openai", reason: "missing" };
  const vetted = await vetModelEndpoint(baseUrl?.trim() || DEFAULT_BASE_URL, { allowPrivateHosts: privateHostsAllowed() });
  if (!vetted.ok) return { ok: false, provider: "openai", reason: vetted.reason === "unresolvable_host" ? "unreachable" : "blocked_address" };
  const client = new OpenAI({ apiKey, baseURL: vetted.endpoint.url.href, timeout: TIMEOUT_MS, maxRetries: 0, fetch: fetchPinnedTo(vetted.endpoint) });
  const ids: string[] = [];
  for await (const m of client.models.list()) {
    ids.push(m.id);
    if (ids.length >= 1000) break;
  }
  return { ok: true, provider: "openai", models: ids.length, model, hasModel: ids.includes(model) };
}

export async function testProviderKeys(ctx: TenantUserContext, provider: TestableProvider, model = DEFAULT_MODEL): Promise<KeyTestResult> {
  let result: KeyTestResult;
  try {
    result = provider === "twilio" ? await testTwilio() : provider === "vapi" ? await testVapi() : await testOpenAi(model);
  } catch (error) {
    result = failure(provider, error);
  }
  await auditMemberChange(ctx, "settings.provider_key.tested", `provider:${provider}`, { ok: result.ok, ...(result.ok ? {} : { reason: result.reason }) });
  return result;
}
