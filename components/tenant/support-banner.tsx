"use client";

import { useEffect, useState } from "react";
import { fillMessage, type Messages } from "@/lib/i18n";

type T = Messages<"bannerReadOnly" | "bannerWritable" | "timeLeft" | "timeUp" | "exit">;

/*
 * Shown on every console page while Frontdesk support is viewing. The time
 * left counts down from the server's figure at render (not the browser's
 * clock); the server refuses every request past the end regardless.
 */
export function SupportBanner({ secondsLeft, writesAllowed, t }: { secondsLeft: number; writesAllowed: boolean; t: T }) {
  const [left, setLeft] = useState(secondsLeft);
  useEffect(() => {
    const started = Date.now();
    const timer = setInterval(() => setLeft(Math.max(0, secondsLeft - Math.floor((Date.now() - started) / 1000))), 15_000);
    return () => clearInterval(timer);
  }, [secondsLeft]);
  const minutes = Math.ceil(left / 60);
  return (
    <div role="status" data-testid="support-banner" className="flex flex-wrap items-center gap-3 bg-amber-100 px-4 py-2 text-sm text-amber-950 ring-1 ring-amber-300">
      <p className="min-w-0 flex-1 basis-full font-medium sm:basis-0">{writesAllowed ? t.bannerWritable : t.bannerReadOnly}</p>
      <p data-testid="support-time-left" className="tabular-nums">
        {left > 0 ? fillMessage(t.timeLeft, { minutes }) : t.timeUp}
      </p>
      <form method="post" action="/api/support/exit">
        <button type="submit" className="rounded-lg bg-white px-3 py-1.5 font-semibold ring-1 ring-amber-400 hover:bg-amber-50">
          {t.exit}
        </button>
      </form>
    </div>
  );
}
