"use client";

import { useQueryClient } from "@tanstack/react-query";
import type { CountryCode } from "libphonenumber-js";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useConsoleMutation } from "@/components/console/use-console-mutation";
import { FormError, TextAreaField, TextField, buttonClass } from "@/components/forms/fields";
import { Dialog } from "@/components/ui/dialog";
import { clientSchema } from "@/lib/clients/client-schemas";
import { fillMessage } from "@/lib/i18n/messages";
import type { ClientsMessages } from "@/lib/i18n/clients-messages";

const FIELDS = new Set(["name", "phone", "email", "notes"]);

/** "Add client": a card in a dialog; on success the new client's page opens. */
export function AddClientDialog({ region, closeLabel, t }: { region: CountryCode; closeLabel: string; t: ClientsMessages }) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const queryClient = useQueryClient();
  const m = useConsoleMutation();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body = Object.fromEntries(["name", "phone", "email", "notes"].map((k) => [k, String(form.get(k) ?? "")]));
    const created = await m.run<{ id: string }>({ url: "/api/clients", method: "POST", body, schema: clientSchema(region), done: fillMessage(t.created, { name: body.name!.trim() }) });
    if (!created) return;
    setOpen(false);
    void queryClient.invalidateQueries({ queryKey: ["clients"] });
    router.push(`/clients/${created.id}`);
  }

  return (
    <Dialog
      open={open}
      onOpenChange={setOpen}
      title={t.addForm}
      description={t.addIntro}
      closeLabel={closeLabel}
      trigger={
        <button type="button" className={buttonClass}>
          {t.addClient}
        </button>
      }
    >
      <form onSubmit={onSubmit} noValidate aria-label={t.addForm} className="space-y-3">
        <FormError message={m.failure && (!m.failure.field || !FIELDS.has(m.failure.field)) ? m.failure.message : null} />
        <TextField id="new-client-name" label={t.name} name="name" autoComplete="off" required error={m.fieldError("name")} />
        <TextField id="new-client-phone" label={t.phone} name="phone" type="tel" autoComplete="off" hint={t.phoneHint} error={m.fieldError("phone")} />
        <TextField id="new-client-email" label={t.email} name="email" type="email" autoComplete="off" error={m.fieldError("email")} />
        <TextAreaField id="new-client-notes" label={t.notes} name="notes" rows={3} error={m.fieldError("notes")} />
        <button type="submit" className={buttonClass} disabled={m.pending}>
          {t.addClient}
        </button>
      </form>
    </Dialog>
  );
}
