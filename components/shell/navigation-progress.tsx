"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";

/*
 * A thin bar at the top while the next page loads. The App Router has no
 * navigation events, so it starts on a click on an internal link (the way a
 * person navigates) and finishes when the address changes; a safety timer
 * ends it if the navigation never completes (a download, an error page).
 */
export function NavigationProgress() {
  const pathname = usePathname();
  const search = useSearchParams();
  const [state, setState] = useState<"idle" | "loading" | "done">("idle");
  const timers = useRef<number[]>([]);

  const clear = () => {
    timers.current.forEach((id) => window.clearTimeout(id));
    timers.current = [];
  };

  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const anchor = (event.target as Element | null)?.closest?.("a[href]") as HTMLAnchorElement | null;
      if (!anchor || anchor.target === "_blank" || anchor.hasAttribute("download")) return;
      const url = new URL(anchor.href, window.location.href);
      if (url.origin !== window.location.origin) return;
      if (url.pathname === window.location.pathname && url.search === window.location.search) return;
      clear();
      setState("loading");
      timers.current.push(window.setTimeout(() => setState("idle"), 15_000));
    };
    document.addEventListener("click", onClick);
    return () => document.removeEventListener("click", onClick);
  }, []);

  // The address changed: the page arrived. Adjusted during render, React's way of reacting to a changed input.
  const address = `${pathname}?${search.toString()}`;
  const [arrived, setArrived] = useState(address);
  if (arrived !== address) {
    setArrived(address);
    if (state === "loading") setState("done");
  }

  useEffect(() => {
    if (state !== "done") return;
    clear();
    timers.current.push(window.setTimeout(() => setState("idle"), 300));
  }, [state]);

  if (state === "idle") return null;
  return (
    <div aria-hidden="true" data-testid="navigation-progress" data-state={state} className="pointer-events-none fixed inset-x-0 top-0 z-[60] h-0.5">
      <div
        className={`h-full bg-brand-600 shadow-[0_0_6px] shadow-brand-500 transition-[width] ${state === "loading" ? "w-4/5 duration-[8000ms] ease-out" : "w-full duration-200"}`}
        style={state === "loading" ? { animation: "fd-progress 8s ease-out" } : undefined}
      />
    </div>
  );
}
