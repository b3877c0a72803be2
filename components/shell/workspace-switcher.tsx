"use client";

import { DropdownMenu } from "radix-ui";
import { useRef } from "react";
import type { Messages } from "@/lib/i18n";
import type { shellMessages } from "@/lib/i18n/shell-messages";

type T = Messages<keyof (typeof shellMessages)["en"]>;

/*
 * The workspace menu at the top of the sidebar (Radix DropdownMenu: arrow
 * keys, typeahead, Esc). Choosing another workspace posts the same form the
 * apex hand-off expects, so the session moves with a fresh cookie there.
 */
export function WorkspaceSwitcher({
  current,
  workspaces,
  t,
}: {
  current: { slug: string; name: string };
  workspaces: Array<{ slug: string; name: string }>;
  t: T;
}) {
  const form = useRef<HTMLFormElement>(null);
  const slugInput = useRef<HTMLInputElement>(null);
  const initial = current.name.trim().charAt(0).toUpperCase() || "•";
  return (
    <>
      <form ref={form} method="post" action="/api/auth/switch" className="hidden">
        <input ref={slugInput} type="hidden" name="slug" defaultValue={current.slug} />
      </form>
      <DropdownMenu.Root>
        <DropdownMenu.Trigger className="flex w-full items-center gap-3 rounded-lg px-2 py-2 text-left hover:bg-slate-100">
          <span aria-hidden="true" className="inline-flex h-8 w-8 shrink-0 items-center justify-center rounded-lg bg-brand-700 font-bold text-white">
            {initial}
          </span>
          <span className="min-w-0 flex-1 truncate font-semibold text-ink">
            <span className="sr-only">{t.switchWorkspace}, </span>
            <span data-testid="workspace-name">{current.name}</span>
          </span>
          <span aria-hidden="true" className="text-slate-500">
            ▾
          </span>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content
            align="start"
            sideOffset={4}
            className="z-50 min-w-56 rounded-lg bg-white p-1 shadow-lg ring-1 ring-slate-200"
          >
            <DropdownMenu.Label className="px-3 py-1.5 text-xs font-semibold uppercase tracking-wide text-slate-600">{t.workspaces}</DropdownMenu.Label>
            <DropdownMenu.RadioGroup
              value={current.slug}
              onValueChange={(slug) => {
                if (slug === current.slug || !slugInput.current || !form.current) return;
                slugInput.current.value = slug;
                form.current.submit();
              }}
            >
              {workspaces.map((w) => (
                <DropdownMenu.RadioItem
                  key={w.slug}
                  value={w.slug}
                  className="flex cursor-pointer items-center gap-2 rounded-md px-3 py-2 text-sm outline-none data-[highlighted]:bg-brand-50 data-[highlighted]:text-brand-900"
                >
                  <span className="w-4 text-brand-700">
                    <DropdownMenu.ItemIndicator>✓</DropdownMenu.ItemIndicator>
                  </span>
                  {w.name}
                </DropdownMenu.RadioItem>
              ))}
            </DropdownMenu.RadioGroup>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
    </>
  );
}
