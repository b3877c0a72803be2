import type { ChatResponse } from "./web-chat-contract";

/*
 * Server-sent events for the web chat: `event: delta` frames carrying
 * `{"text": "…"}` chunks of the reply, then one `event: done` frame with the
 * full response JSON. Data is JSON so a newline in the reply cannot end a
 * frame early. The deterministic agent produces the reply whole, so the
 * chunks are its words in order; a model-backed agent can feed the same
 * frames as tokens arrive.
 */

const encoder = new TextEncoder();

function frame(event: string, data: unknown): Uint8Array {
  return encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** The reply cut into word-sized pieces (whitespace kept), so the pieces join back exactly. */
export function replyChunks(reply: string): string[] {
  return reply.match(/\s*\S+\s*/g) ?? (reply ? [reply] : []);
}

export function chatEventStream(payload: ChatResponse): ReadableStream<Uint8Array> {
  const chunks = replyChunks(payload.reply);
  return new ReadableStream({
    pull(controller) {
      const next = chunks.shift();
      if (next !== undefined) {
        controller.enqueue(frame("delta", { text: next }));
        return;
      }
      controller.enqueue(frame("done", payload));
      controller.close();
    },
  });
}
