"use client";

import Link from "next/link";
import { Popover } from "radix-ui";
import { useCallback, useEffect, useRef, useState } from "react";
import { fillMessage, type Messages, type UiLocale } from "@/lib/i18n";
import type { notificationMessages } from "@/lib/i18n/notification-messages";

type T = Messages<keyof (typeof notificationMessages)["en"]>;

interface Item {
  id: string;
  kind: "handoff" | "booking" | "move" | "cancellation";
  channel: "voice" | "whatsapp" | "web" | null;
  service: string | null;
  startsAt: string | null;
  conversationId: string | null;
  createdAt: string;
  read: boolean;
}

interface Feed {
  unread: number;
  items: Item[];
}

// A short poll: a new notification shows within about a second while the tab is
// visible, and a hidden tab asks nothing.
const POLL_MS = 1000;

function hrefOf(item: Item): string {
  if (item.kind === "handoff" && item.conversationId) return `/inbox/${item.conversationId}`;
  return item.conversationId ? `/conversations/${item.conversationId}` : "/appointments";
}

export function NotificationBell({ t, locale, timeZone }: { t: T; locale: UiLocale; timeZone: string }) {
  const [feed, setFeed] = useState<Feed>({ unread: 0, items: [] });
  const inFlight = useRef(false);

  const load = useCallback(async () => {
    if (inFlight.current || document.visibilityState === "hidden") return;
    inFlight.current = true;
    try {
      const response = await fetch("/api/notifications", { credentials: "same-origin", cache: "no-store" });
      if (response.ok) setFeed((await response.json()) as Feed);
    } catch {
      // Offline for a moment: the next poll tries again.
    } finally {
      inFlight.current = false;
    }
  }, []);

  useEffect(() => {
    const first = window.setTimeout(() => void load(), 0);
    const timer = window.setInterval(() => void load(), POLL_MS);
    const onVisible = () => void load();
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      window.clearTimeout(first);
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [load]);

  async function markRead(body: { all: true } | { ids: string[] }) {
    await fetch("/api/notifications/read", {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }).catch(() => undefined);
    await load();
  }

  const when = (iso: string) => new Intl.DateTimeFormat(locale, { timeZone, weekday: "short", day: "numeric", month: "short", hour: "numeric", minute: "2-digit" }).format(new Date(iso));
  const channelName = (c: Item["channel"]) => (c ? t[`channel_${c}`] : "");
  const label = feed.unread ? fillMessage(t.bellUnread, { count: feed.unread }) : t.bell;

  return (
    <Popover.Root>
      <Popover.Trigger
        aria-label={label}
        data-testid="notification-bell"
        className="relative rounded-full bg-white p-2 shadow ring-1 ring-slate-200 hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-brand-700"
      >
        <svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" strokeWidth="1.8" aria-hidden="true">
          <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9Z" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        {feed.unread ? (
          <span data-testid="notification-count" className="absolute -right-1 -top-1 min-w-5 rounded-full bg-red-600 px-1 text-center text-xs font-bold text-white">
            {feed.unread}
          </span>
        ) : null}
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content align="end" sideOffset={8} className="z-50 w-80 rounded-xl bg-white p-3 shadow-xl ring-1 ring-slate-200 focus:outline-none">
          <div className="mb-2 flex items-center justify-between">
            <h2 className="text-sm font-semibold">{t.bell}</h2>
            {feed.unread ? (
              <button type="button" onClick={() => void markRead({ all: true })} className="text-xs font-semibold text-brand-800 hover:underline">
                {t.markAllRead}
              </button>
            ) : null}
          </div>
          {feed.items.length === 0 ? (
            <p className="text-sm text-slate-600">{t.empty}</p>
          ) : (
            <ul className="flex max-h-96 flex-col gap-1 overflow-y-auto" data-testid="notification-list">
              {feed.items.map((item) => (
                <li key={item.id} className={`rounded-lg px-2 py-1.5 text-sm ${item.read ? "" : "bg-brand-50"}`}>
                  <Link href={hrefOf(item)} className="block font-medium text-ink hover:underline" onClick={() => void markRead({ ids: [item.id] })}>
                    {fillMessage(t[`kind_${item.kind}`], { channel: channelName(item.channel) })}
                  </Link>
                  <span className="block text-xs text-slate-600">
                    {item.service && item.startsAt
                      ? fillMessage(t.detail, { service: item.service, when: when(item.startsAt), channel: channelName(item.channel) })
                      : item.channel
                        ? fillMessage(t.detailChannel, { channel: channelName(item.channel) })
                        : null}
                    {" · "}
                    {when(item.createdAt)}
                  </span>
                  {item.read ? null : (
                    <button type="button" onClick={() => void markRead({ ids: [item.id] })} className="text-xs text-brand-800 hover:underline">
                      {t.markRead}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
