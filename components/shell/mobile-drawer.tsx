"use client";

import { useState, type MouseEvent, type ReactNode } from "react";
import { Dialog } from "@/components/ui/dialog";

/** The phone navigation: a menu button opening the sidebar as a Radix drawer, closed again once a link is followed. */
export function MobileDrawer({ openLabel, closeLabel, title, children }: { openLabel: string; closeLabel: string; title: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const closeOnLink = (event: MouseEvent<HTMLDivElement>) => {
    if ((event.target as Element).closest("a[href]")) setOpen(false);
  };
  return (
    <Dialog
      open={open}
      onOpenChange={setOpen}
      side="left"
      title={title}
      closeLabel={closeLabel}
      trigger={
        <button
          type="button"
          aria-label={openLabel}
          className="inline-flex h-10 w-10 items-center justify-center rounded-lg ring-1 ring-slate-300 hover:bg-slate-50"
        >
          <svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
            <path d="M4 6h16M4 12h16M4 18h16" />
          </svg>
        </button>
      }
    >
      {/* A click that lands on a link (keyboard Enter included) closes the drawer as the page changes. */}
      <div className="flex flex-1 flex-col gap-4" onClick={closeOnLink}>
        {children}
      </div>
    </Dialog>
  );
}
