import { ApiError } from "./api-error-codes";
import { bodyLimitFor, MAX_BODY_DEPTH } from "./body-limits";
import { assertStorableText } from "./storable-text";

/*
 * The one reader of request bodies, for the console, the auth routes and the
 * channels alike. In this order, each refusal a 4xx before the next step:
 *   1. the content type must be one the route accepts (415);
 *   2. the body may not exceed its path's limit (body-limits.ts), checked on
 *      Content-Length and again while it streams in (413);
 *   3. it must be UTF-8, and JSON may not nest deeper than MAX_BODY_DEPTH,
 *      found by a linear scan of the text before anything parses it;
 *   4. no string or key may contain NUL (PostgreSQL text cannot store it).
 * So an oversized, deep or malformed body costs a bounded amount of work and
 * never reaches authentication, a parser's recursion or the database.
 */

/** Form fields; a name posted more than once keeps all its values (Twilio signs every one). */
export type FormFields = Record<string, string | string[]>;

type BodyType = "json" | "form" | "multipart";

const TYPE_NAMES: Record<BodyType, string> = {
  json: "application/json",
  form: "application/x-www-form-urlencoded",
  multipart: "multipart/form-data",
};

function bodyTypeOf(request: Request): BodyType | null {
  const header = request.headers.get("content-type") ?? "";
  const [essence = "", ...parameters] = header.split(";").map((s) => s.trim().toLowerCase());
  const charset = parameters.find((p) => p.startsWith("charset="))?.slice("charset=".length).replaceAll('"', "");
  if (charset && charset !== "utf-8" && charset !== "utf8") return null;
  if (essence === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(essence)) return "json";
  if (essence === "application/x-www-form-urlencoded") return "form";
  if (essence === "multipart/form-data") return "multipart";
  return null;
}

function acceptedType(request: Request, accepted: BodyType[]): BodyType {
  const type = bodyTypeOf(request);
  if (type && accepted.includes(type)) return type;
  const names = accepted.map((t) => TYPE_NAMES[t]).join(" or ");
  throw new ApiError("unsupported_media_type", `Content-Type must be ${names} (UTF-8).`, "content-type");
}

const tooLarge = (maxBytes: number) =>
  new ApiError("payload_too_large", `The request body must be at most ${Math.floor(maxBytes / 1024)} KB.`);

/** The body's bytes, refused as soon as they pass `maxBytes`, whatever Content-Length said. */
async function readCapped(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = request.headers.get("content-length");
  if (declared !== null) {
    if (!/^\d{1,15}$/.test(declared.trim())) throw new ApiError("bad_request", "Content-Length must be a number of bytes.", "content-length");
    if (Number(declared) > maxBytes) throw tooLarge(maxBytes);
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function decodeText(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new ApiError("bad_request", "The request body must be UTF-8 text.");
  }
}

/** Refuses JSON text nested deeper than `max`, counting brackets outside strings: linear, no recursion. */
export function assertJsonDepth(text: string, max = MAX_BODY_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) throw new ApiError("bad_request", `The JSON body may not nest deeper than ${max} levels.`);
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
}

const pathOf = (request: Request) => new URL(request.url).pathname;

function parseJson(text: string): unknown {
  assertJsonDepth(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError("bad_request", "The request body must be valid JSON.");
  }
  assertStorableText(value);
  return value;
}

function formFields(text: string): FormFields {
  const fields: FormFields = {};
  for (const [name, value] of new URLSearchParams(text)) {
    const seen = fields[name];
    fields[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  assertStorableText(fields);
  return fields;
}

async function multipartFields(request: Request, bytes: Uint8Array<ArrayBuffer>): Promise<FormFields> {
  let data: FormData;
  try {
    data = await new Response(bytes, { headers: { "content-type": request.headers.get("content-type") ?? "" } }).formData();
  } catch {
    throw new ApiError("bad_request", "The multipart body could not be read.");
  }
  const fields: FormFields = {};
  for (const [name, value] of data) {
    if (typeof value !== "string") throw new ApiError("bad_request", `${name}: Files are not accepted here.`, name);
    const seen = fields[name];
    fields[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  assertStorableText(fields);
  return fields;
}

/** A body read through every check above; JSON keeps its value (undefined when empty), forms their fields. */
export type RequestBody = { type: "json"; value: unknown; text: string } | { type: "form" | "multipart"; fields: FormFields };

const readBodies = new WeakMap<Request, Promise<RequestBody | null>>();

/**
 * The request's body, read once: the route wrappers call this before
 * anything else looks at the request (so a hostile body is refused even by a
 * route that ignores its body), and the readers below share that read. Null
 * when the request carries no body (no bytes and no Content-Type).
 */
export function requestBody(request: Request): Promise<RequestBody | null> {
  let body = readBodies.get(request);
  if (!body) {
    body = readBody(request);
    readBodies.set(request, body);
  }
  return body;
}

async function readBody(request: Request): Promise<RequestBody | null> {
  const bytes = await readCapped(request, bodyLimitFor(pathOf(request)));
  if (bytes.byteLength === 0 && !request.headers.get("content-type")) return null;
  const type = acceptedType(request, ["json", "form", "multipart"]);
  if (type === "multipart") return { type, fields: await multipartFields(request, bytes) };
  const text = decodeText(bytes);
  if (type === "form") return { type, fields: formFields(text) };
  return { type, value: text.trim() ? parseJson(text) : undefined, text };
}

/** A JSON body (any JSON value), after every check above. */
export async function readJsonBody(request: Request): Promise<unknown> {
  acceptedType(request, ["json"]);
  const body = await requestBody(request);
  if (body?.type !== "json" || body.value === undefined) throw new ApiError("bad_request", "The request body must be JSON.");
  return body.value;
}

/**
 * A JSON body's exact text, after every check above: a provider that signs
 * its payload (Stripe) signs these bytes, not what JSON.parse makes of them.
 */
export async function readRawJsonBody(request: Request): Promise<string> {
  acceptedType(request, ["json"]);
  const body = await requestBody(request);
  if (body?.type !== "json" || body.value === undefined) throw new ApiError("bad_request", "The request body must be JSON.");
  return body.text;
}

/** An application/x-www-form-urlencoded body (provider webhooks). */
export async function readFormBody(request: Request): Promise<FormFields> {
  acceptedType(request, ["form"]);
  const body = await requestBody(request);
  return body?.type === "form" ? body.fields : {};
}

/*
 * Small endpoints that plain HTML forms post to (language switch, workspace
 * switch) also accept JSON. Fields come back one value each, and a JSON body
 * that is not an object reads as empty, so the caller's schema answers 400
 * naming the missing field.
 */
export async function readFormOrJsonBody(request: Request): Promise<Record<string, unknown>> {
  acceptedType(request, ["json", "form", "multipart"]);
  const body = await requestBody(request);
  if (!body) return {};
  if (body.type !== "json") return firstValues(body.fields);
  const value = body.value;
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function firstValues(fields: FormFields): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Array.isArray(v) ? v[0]! : v]));
}
