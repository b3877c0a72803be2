import "server-only";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { tenantDb } from "@/lib/db";
import { runAsTenant } from "@/lib/tenancy";
import { resolveChannelRoute, resolveTenantSlug } from "./channel-route";
import { loadChannelTenant, type ChannelLocale } from "./channel-tenant";
import { publicUrl } from "./public-url";
import { hashWidgetKey, looksLikeWidgetKey } from "./widget-key";

/*
 * The per-tenant demo page (/demo/<slug>) embeds the widget the way a
 * business's own site would. Only the hash of a widget key is stored, so the
 * page cannot look a key up: it is given one (`?key=`), or — in development
 * only — takes the demo key that `npm run dev` wrote to <data dir>/seed.json.
 * Nothing else from that file (it also holds owner passwords) is read. The
 * key is public by design (it sits in the page's HTML); the page checks that
 * it really routes to this tenant before embedding it.
 */

export interface WidgetDemo {
  businessName: string;
  address: string;
  locale: ChannelLocale;
  serving: boolean;
  widgetKey: string | null;
  /** Absolute address of the widget script, for the snippet a business copies. */
  scriptUrl: string;
  keySource: "query" | "dev-seed" | null;
  problem: "no-key" | "foreign-key" | null;
  /** The corner the widget sits in, so the page keeps that side clear. */
  position: "right" | "left";
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

async function devSeedWidgetKey(slug: string): Promise<string | null> {
  if (process.env.NODE_ENV === "production") return null;
  const file = path.join(process.env.FRONTDESK_DATA_DIR ?? ".data", "seed.json");
  try {
    const json = JSON.parse(await readFile(file, "utf8")) as { tenants?: Array<{ slug?: unknown; widgetKey?: unknown }> };
    const key = json.tenants?.find((t) => t.slug === slug)?.widgetKey;
    return typeof key === "string" ? key : null;
  } catch {
    return null;
  }
}

export async function loadWidgetDemo(slug: string, keyParam: string | undefined): Promise<WidgetDemo | null> {
  if (!SLUG.test(slug)) return null;
  const tenantId = await resolveTenantSlug(slug);
  if (!tenantId) return null;

  const { tenant, profile } = await runAsTenant(tenantId, async () => ({
    tenant: await loadChannelTenant(),
    profile: await tenantDb().businessProfile.findFirst({ select: { businessName: true, address: true, widget: true } }),
  }));

  const fromQuery = keyParam?.trim() || null;
  const widgetKey = fromQuery ?? (await devSeedWidgetKey(slug));
  const keySource = fromQuery ? "query" : widgetKey ? "dev-seed" : null;
  const routesHere =
    widgetKey !== null && looksLikeWidgetKey(widgetKey) && (await resolveChannelRoute("web", hashWidgetKey(widgetKey))) === tenantId;

  return {
    businessName: profile?.businessName ?? tenant.name,
    address: profile?.address ?? "",
    locale: tenant.locale,
    serving: tenant.serving,
    widgetKey: routesHere ? widgetKey : null,
    scriptUrl: `${publicUrl()}/widget.js`,
    keySource,
    problem: !widgetKey ? "no-key" : routesHere ? null : "foreign-key",
    position: (profile?.widget as { position?: unknown } | null)?.position === "left" ? "left" : "right",
  };
}
