import "server-only";
import type { UiLocale } from "@/lib/i18n";
import { conversationSentence } from "./conversation-activity";
import { exportSentence } from "./data-export-sentences";
import { reportingSentence } from "./reporting-sentences";
import { resourceSentence } from "./resource-activity-sentences";
import { supportActionSentence, supportModeSentence, type SupportSentenceTools } from "./support-activity-sentences";

/* Each domain's own Activity sentences (its own module), null when the action is none of theirs. */
export function domainSentence(event: { action: string; metadata: Record<string, unknown> }, tools: SupportSentenceTools, locale: UiLocale): string | null {
  const { action, metadata: m } = event;
  const { s } = tools;
  return reportingSentence(action, m, s) ?? exportSentence(action, m, s, locale) ?? conversationSentence(action, m, s) ?? resourceSentence(action, m, s) ?? supportActionSentence(event, tools) ?? supportModeSentence(action, m, locale);
}
