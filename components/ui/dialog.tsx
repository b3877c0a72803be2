"use client";

import { Dialog as RadixDialog } from "radix-ui";
import type { ReactNode } from "react";

/*
 * The console's dialogs and drawers on Radix Dialog: focus moves in and is
 * trapped, Esc and the close button close, focus returns to the trigger, and
 * the page behind is inert to screen readers.
 */

export interface DialogProps {
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  trigger?: ReactNode;
  title: string;
  description?: string;
  closeLabel: string;
  children: ReactNode;
  /** A panel sliding from the left edge (the phone navigation) instead of a centred box. */
  side?: "left";
  wide?: boolean;
}

export function Dialog({ open, onOpenChange, trigger, title, description, closeLabel, children, side, wide }: DialogProps) {
  const panel =
    side === "left"
      ? "fixed inset-y-0 left-0 z-50 flex w-[85vw] max-w-xs flex-col overflow-y-auto bg-white p-4 shadow-xl focus:outline-none"
      : `fixed left-1/2 top-1/2 z-50 max-h-[90dvh] w-[calc(100vw-2rem)] ${wide ? "max-w-2xl" : "max-w-lg"} -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-xl bg-white p-6 shadow-xl focus:outline-none`;
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      {trigger ? <RadixDialog.Trigger asChild>{trigger}</RadixDialog.Trigger> : null}
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <RadixDialog.Content className={panel} {...(description ? {} : { "aria-describedby": undefined })}>
          <div className="mb-4 flex items-start justify-between gap-4">
            <RadixDialog.Title className={side === "left" ? "sr-only" : "text-lg font-semibold"}>{title}</RadixDialog.Title>
            <RadixDialog.Close aria-label={closeLabel} className="ml-auto rounded-lg px-2 py-1 text-xl leading-none text-ink-muted hover:bg-slate-100 hover:text-ink">
              <span aria-hidden="true">×</span>
            </RadixDialog.Close>
          </div>
          {description ? <RadixDialog.Description className="mb-4 text-sm text-ink-muted">{description}</RadixDialog.Description> : null}
          {children}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
