/*
 * A redirect target a client supplied (`next`, a referer) reduced to a path
 * on our own origin. It is parsed the way a browser will parse the Location
 * we send: URL parsers drop TAB and newlines and read `\` as `/`, so
 * `/\t/evil.example` or `/\\evil.example` would become `//evil.example`, a
 * link to another host. Anything whose parse leaves our origin, or that
 * normalises to a scheme-relative `//…`, gives the fallback.
 */

const BASE = "http://frontdesk.invalid";
const MAX_LENGTH = 512;

export function sameOriginPath(raw: string | null | undefined, fallback: string): string {
  if (!raw || raw.length > MAX_LENGTH || !raw.startsWith("/")) return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return fallback;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith("/") && !path.startsWith("//") ? path : fallback;
}
