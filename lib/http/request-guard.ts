import { ApiError } from "./api-error-codes";
import { bodyLimitFor } from "./body-limits";
import { parseHost, parseOrigin } from "./host-header";

/*
 * What can be refused about a request before anything reads it: a Host or
 * Origin that does not parse, a NUL anywhere in the address, a declared body
 * over its path's limit. proxy.ts applies it to every request and page, and
 * the route wrappers apply it again, so a handler reached any other way
 * (tests, a future matcher change) is held to the same rules.
 */

/** Names the query parameter that carries the NUL, when it is one. */
function nulInAddress(url: string): ApiError {
  const { searchParams } = new URL(url);
  for (const [name, value] of searchParams) {
    if (name.includes("\u0000") || value.includes("\u0000")) {
      const field = name.replaceAll("\u0000", "");
      return new ApiError("bad_request", `${field}: Text cannot contain a NUL character.`, field);
    }
  }
  return new ApiError("bad_request", "The address cannot contain a NUL character.");
}

export function requestRefusal(request: Request): ApiError | null {
  const host = request.headers.get("host");
  if (host !== null && !parseHost(host)) {
    return new ApiError("bad_request", "host: The Host header is not a valid host name.", "host");
  }
  const url = request.url;
  if (url.includes("\u0000") || /%00/i.test(url)) return nulInAddress(url);
  // Browsers send a well-formed origin or "null", whatever the method.
  const origin = request.headers.get("origin");
  if (origin !== null && !parseOrigin(origin)) {
    return new ApiError("bad_request", "origin: The Origin header is not a valid origin.", "origin");
  }
  const length = request.headers.get("content-length");
  if (length !== null) {
    if (!/^\d{1,15}$/.test(length.trim())) return new ApiError("bad_request", "Content-Length must be a number of bytes.", "content-length");
    const max = bodyLimitFor(new URL(url).pathname);
    if (Number(length) > max) return new ApiError("payload_too_large", `The request body must be at most ${Math.floor(max / 1024)} KB.`);
  }
  return null;
}

/** Throws the refusal, for wrappers whose catch already maps errors to the one shape. */
export function assertAcceptableRequest(request: Request): void {
  const refusal = requestRefusal(request);
  if (refusal) throw refusal;
}
