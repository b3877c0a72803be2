import type { ChannelBilling } from "@/lib/billing/channel-billing";
import type { ApiError } from "@/lib/http";
import type { ChannelConfig } from "./channel-config";
import type { ChannelKind } from "./channel-route";
import type { ChannelTenant } from "./channel-tenant";

/*
 * The shapes shared by withChannel, its gates and its handlers. A leaf
 * module, so that the wrapper imports the gates and the gates import only
 * this, never the wrapper.
 */

/** What a gate learns before the tenant is known. */
export interface Arrival<P> {
  routeKey: string;
  pending: P;
}

export interface Admission<I> {
  input: I;
  /** Headers every response to this request carries, errors included (CORS). */
  headers?: Record<string, string>;
}

/** How one kind of caller is identified and authenticated. */
export interface ChannelGate<P, I> {
  receive(request: Request): Promise<Arrival<P>>;
  /** A limit of this caller kind that needs no tenant (and so no database); throws ApiError 429. */
  throttle?(request: Request, arrival: Arrival<P>, ip: string | null): Promise<void>;
  unrouted(): ApiError;
  /** Runs inside the tenant context, with its cached channel configuration; throws ApiError 401/403 to refuse. */
  admit(request: Request, arrival: Arrival<P>, config: ChannelConfig): Promise<Admission<I>>;
}

/** What a channel handler is given: the request, authenticated, inside its tenant's context. */
export interface ChannelContext<K extends ChannelKind, I> {
  kind: K;
  request: Request;
  requestId: string;
  tenant: ChannelTenant;
  /**
   * The tenant's config version the request was admitted at; a receptionist
   * turn refuses to run on an older one (ConfigChangedError) and is retried.
   */
  configVersion: number;
  input: I;
  /**
   * Billing's decision for this request (lib/billing): `tenant.serving` is
   * already false when billing says so; new conversations and calls ask it.
   */
  billing: ChannelBilling;
  /** The business's own number, for the polite reply to callers it cannot serve. */
  businessPhone: string | null;
}
