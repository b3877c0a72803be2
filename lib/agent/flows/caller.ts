import { normalizePhone } from "../caller-answers";
import type { Understanding } from "../understanding-types";
import type { Turn } from "./turn";

/*
 * Who is calling: the client the conversation or the caller id points to, and
 * the name and phone the caller gives, whenever they give them, so neither is
 * asked twice.
 */

/** A pause after which a conversation counts as a new visit. */
const RESUME_AFTER_MS = 2 * 60 * 60 * 1000;

export function isResumed(turn: Turn): boolean {
  const last = turn.state.lastTurnAt ? Date.parse(turn.state.lastTurnAt) : NaN;
  return turn.input.now.getTime() - last > RESUME_AFTER_MS;
}

export async function identifyCaller(turn: Turn): Promise<void> {
  const { input, state, facts } = turn;
  const caller = state.caller;
  const phone = normalizePhone(input.callerPhone, facts.region) ?? normalizePhone(input.client?.phone, facts.region) ?? caller.phone;
  if (phone) caller.phone = phone;
  const givenName = input.client?.name?.trim();
  if (givenName && !caller.name) caller.name = givenName.slice(0, 200);
  const email = input.client?.email?.trim();
  if (email) caller.email = email.slice(0, 320);

  const known = input.knownClient;
  // Without a known client, nobody has the caller's phone (it was looked up with the conversation);
  // a known client whose phone is not the one given this turn may be someone else.
  const client = !known || !phone || !known.phone || known.phone === phone ? known : await turn.deps.store.clientByPhone(phone);
  if (client) {
    turn.clientId = client.id;
    turn.returning = !!client.name && (state.turns === 0 || isResumed(turn));
    if (client.name) caller.name = client.name;
    if (client.phone) caller.phone = client.phone;
  } else if (caller.name && caller.phone) {
    await ensureClient(turn);
  }
}

/** The caller's client row, created from what the conversation has gathered (name and phone). */
export async function ensureClient(turn: Turn): Promise<string> {
  if (turn.clientId) return turn.clientId;
  const { name, phone, email } = turn.state.caller;
  if (!name || !phone) throw new Error("A client needs a name and a phone number");
  turn.clientId = await turn.deps.store.ensureClient({ name, phone, ...(email ? { email } : {}) });
  return turn.clientId;
}

/** Client ids to look appointments up by: the identified caller, else (on the web) clients of that name. */
export async function callerClientIds(turn: Turn): Promise<string[] | null> {
  if (turn.clientId) return [turn.clientId];
  if (turn.state.caller.phone) return [];
  const name = turn.state.caller.name;
  if (!name) return null;
  return turn.deps.store.clientIdsNamed(name);
}

export async function rememberPhone(turn: Turn, phone: string): Promise<void> {
  turn.state.caller.phone = phone;
  const client = await turn.deps.store.clientByPhone(phone);
  if (client) {
    turn.clientId = client.id;
    if (client.name && !turn.state.caller.name) turn.state.caller.name = client.name;
  }
}

/**
 * A name introduced ("je m'appelle…") or a phone number given before being
 * asked for: kept at once. Returns whether anything was kept.
 */
export async function takeVolunteeredDetails(turn: Turn, s: Understanding): Promise<boolean> {
  let kept = false;
  if (s.phone && !turn.state.caller.phone) {
    await rememberPhone(turn, s.phone);
    kept = true;
  }
  if (s.nameIntroduced && s.name && !turn.clientId) {
    turn.state.caller.name = s.name;
    kept = true;
  }
  turn.volunteered = kept;
  return kept;
}
