import { WIDGET_SCRIPT } from "@/lib/channels";

export function GET() {
  return new Response(WIDGET_SCRIPT, {
    headers: {
      "content-type": "text/javascript; charset=utf-8",
      // Short: a fixed widget reaches every site within minutes.
      "cache-control": "public, max-age=300",
      "x-content-type-options": "nosniff",
    },
  });
}
