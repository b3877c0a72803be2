import { ApiError } from "./api-error-codes";

/*
 * Cursor for "newest first" lists ordered by (time desc, id desc). Keyset
 * rather than offset: a page stays correct while new rows arrive at the top,
 * and the query walks the (tenant_id, time) index instead of counting skipped
 * rows. The cursor is opaque to clients (base64url of the last row's time and
 * id); a malformed one is a 400 on `cursor`.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Exactly what toISOString writes for years 1–9999: anything else (year 0,
// signed six-digit years) parses in JavaScript but not in PostgreSQL.
const ISO_INSTANT = /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export interface KeysetPosition {
  at: Date;
  id: string;
}

export function encodeKeysetCursor(position: KeysetPosition): string {
  return Buffer.from(`${position.at.toISOString()}|${position.id}`, "utf8").toString("base64url");
}

export function decodeKeysetCursor(cursor: string): KeysetPosition {
  const [iso, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const at = new Date(iso ?? "");
  if (!id || !UUID.test(id) || !ISO_INSTANT.test(iso ?? "") || Number.isNaN(at.getTime())) {
    throw new ApiError("bad_request", "cursor: This page link is not valid; start from the first page.", "cursor");
  }
  return { at, id };
}

/** Splits a `take: size + 1` result into the page and the cursor of the next one. */
export function pageOf<T>(rows: T[], size: number, positionOf: (row: T) => KeysetPosition): { rows: T[]; nextCursor: string | null } {
  if (rows.length <= size) return { rows, nextCursor: null };
  const page = rows.slice(0, size);
  return { rows: page, nextCursor: encodeKeysetCursor(positionOf(page[page.length - 1]!)) };
}
