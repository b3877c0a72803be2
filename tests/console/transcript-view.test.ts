import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Transcript } from "@/components/conversations/conversation-view";
import type { ConversationDetail, TranscriptMessage } from "@/lib/conversations";
import { messagesFor } from "@/lib/i18n";
import { conversationsMessages } from "@/lib/i18n/conversations-messages";

/* What the transcript says under an answer in model mode: which reader understood the caller, and why the rules stepped in. */

function readBy(understanding: TranscriptMessage["understanding"], locale: "en" | "fr" = "en"): string | null {
  const message: TranscriptMessage = { id: "m1", role: "agent", content: "We open at 9.", at: "2030-01-07T13:00:00.000Z", secondsFromStart: null, understanding };
  const conversation = { channel: "web", messages: [message], rawTranscript: null } as unknown as ConversationDetail;
  const html = renderToStaticMarkup(
    createElement(Transcript, { conversation, locale, timeZone: "America/Toronto", t: messagesFor(conversationsMessages, locale) }),
  );
  const match = html.match(/data-testid="read-by">([^<]*)</);
  return match ? match[1]!.replace(/&#x27;/g, "'") : null;
}

describe("the transcript in model mode", () => {
  it("names the model that understood the caller", () => {
    expect(readBy({ mode: "model", model: "gpt-4o-mini", fallback: null })).toBe("Understood by the model gpt-4o-mini.");
  });

  it("says why the keyword rules answered instead, in the console language", () => {
    expect(readBy({ mode: "deterministic", model: null, fallback: "no_api_key" })).toBe("Answered with the keyword rules: no OpenAI key is stored.");
    expect(readBy({ mode: "deterministic", model: "m", fallback: "http_429" })).toBe(
      "Answered with the keyword rules: the model's provider answered with HTTP status 429.",
    );
    expect(readBy({ mode: "deterministic", model: "m", fallback: "blocked_address" })).toContain("base URL was refused");
    expect(readBy({ mode: "deterministic", model: "m", fallback: "schema_mismatch" })).toContain("could not be read");
    expect(readBy({ mode: "deterministic", model: "m", fallback: "timeout" }, "fr")).toBe(
      "Répondu avec les règles par mots-clés : le modèle n'a pas répondu à temps.",
    );
    expect(readBy({ mode: "deterministic", model: "m", fallback: "something_new" })).toBe(
      "Answered with the keyword rules: the model could not be used (something_new).",
    );
  });

  it("adds nothing in keyword mode", () => {
    expect(readBy(null)).toBeNull();
  });
});
