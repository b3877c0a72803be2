import "server-only";
import { greetingFor } from "@/lib/agent";
import { tenantDb } from "@/lib/db";
import { widgetAppearanceOf, type WidgetAppearance } from "@/lib/settings/widget-appearance";
import type { ChannelContext } from "./channel-gate";
import type { WidgetInput } from "./widget-gate";

/*
 * POST /api/v1/widget, behind withChannel("web") like the chat: the widget
 * asks for its look (set on the Agent page), the receptionist's name and its
 * greeting in each language, once per page view. Same key and origin rules
 * as the chat; nothing is written.
 */

export interface WidgetConfig {
  serving: boolean;
  personaName: string;
  businessName: string;
  appearance: WidgetAppearance;
  greeting: { fr: string; en: string };
}

export async function handleWidgetConfig(ctx: ChannelContext<"web", WidgetInput>): Promise<Response> {
  const profile = await tenantDb().businessProfile.findFirst({ select: { businessName: true, personaName: true, widget: true } });
  const businessName = profile?.businessName || ctx.tenant.name;
  const personaName = profile?.personaName ?? "Camille";
  const [fr, en] = await Promise.all([greetingFor("fr"), greetingFor("en")]);
  const body: WidgetConfig = {
    serving: ctx.tenant.serving,
    personaName,
    businessName,
    appearance: widgetAppearanceOf(profile?.widget, { businessName, personaName }),
    greeting: { fr, en },
  };
  // Short: a change on the Agent page reaches visitors within a minute.
  return Response.json(body, { headers: { "cache-control": "private, max-age=60" } });
}
