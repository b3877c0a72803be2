"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { CountryCode } from "libphonenumber-js";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { FormError, TextAreaField, TextField, buttonClass, secondaryButtonClass } from "@/components/forms/fields";
import { useHydrated } from "@/components/forms/use-hydrated";
import { apiRequest, failureFromIssues, failureOf, type FormFailure } from "@/components/forms/api-request";
import { clientSchema } from "@/lib/clients/client-schemas";
import { fillMessage } from "@/lib/i18n/messages";
import type { ClientsMessages } from "@/lib/i18n/clients-messages";
import { displayPhone } from "@/lib/channels/phone-number";
import { Dialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toaster";

const FIELDS = new Set(["name", "phone", "email", "notes"]);

interface EditableClient {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  notes: string;
}

/** Edit a client's card; delete them with their appointments and conversations after a confirmation. */
export function ClientEditor({
  client,
  region,
  counts,
  t,
}: {
  client: EditableClient;
  region: CountryCode;
  counts: { appointments: number; conversations: number };
  t: ClientsMessages;
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const hydrated = useHydrated();
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const [confirming, setConfirming] = useState(false);
  const { notify, words } = useToast();
  const fail = (error: unknown) => {
    const f = failureOf(error, words.networkFailure);
    setFailure(f);
    notify("error", fillMessage(words.failed, { reason: f.message }));
  };

  const save = useMutation({
    mutationFn: (body: Record<string, string>) => apiRequest(`/api/clients/${client.id}`, "PATCH", body),
    onSuccess: () => {
      notify("success", t.saved);
      void queryClient.invalidateQueries({ queryKey: ["clients"] });
      router.refresh();
    },
    onError: fail,
  });
  const erase = useMutation({
    mutationFn: () => apiRequest(`/api/clients/${client.id}`, "DELETE"),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["clients"] });
      void queryClient.invalidateQueries({ queryKey: ["appointments"] });
      notify("success", fillMessage(t.deleted, { name: client.name }));
      router.push("/clients");
    },
    onError: fail,
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFailure(null);
    const form = new FormData(event.currentTarget);
    const body = Object.fromEntries(["name", "phone", "email", "notes"].map((k) => [k, String(form.get(k) ?? "")]));
    const parsed = clientSchema(region).safeParse(body);
    if (!parsed.success) {
      setFailure(failureFromIssues(parsed.error));
      return;
    }
    save.mutate(body);
  }

  const fieldError = (field: string) => (failure?.field === field ? failure.message : null);
  const formError = failure && (!failure.field || !FIELDS.has(failure.field)) ? failure.message : null;

  return (
    <div className="space-y-8">
      <section aria-labelledby="client-edit-heading" className="max-w-xl">
        <h2 id="client-edit-heading" className="mb-3 text-lg font-semibold">
          {t.editTitle}
        </h2>
        <form onSubmit={onSubmit} noValidate aria-label={t.editForm} className="space-y-3">
          <FormError message={formError} />
          <TextField id="client-name" label={t.name} name="name" defaultValue={client.name} error={fieldError("name")} />
          <TextField id="client-phone" label={t.phone} name="phone" type="tel" defaultValue={displayPhone(client.phone, region)} hint={t.phoneHint} error={fieldError("phone")} />
          <TextField id="client-email" label={t.email} name="email" type="email" defaultValue={client.email ?? ""} error={fieldError("email")} />
          <TextAreaField id="client-notes" label={t.notes} name="notes" rows={4} defaultValue={client.notes} error={fieldError("notes")} />
          <button type="submit" className={buttonClass} disabled={save.isPending || !hydrated}>
            {t.save}
          </button>
        </form>
      </section>
      <section aria-labelledby="client-delete-heading" className="max-w-xl space-y-3 rounded-lg border border-red-200 p-4">
        <h2 id="client-delete-heading" className="text-lg font-semibold text-red-800">
          {t.deleteTitle}
        </h2>
        <p className="text-sm text-ink-muted">{t.deleteIntro}</p>
        <Dialog
          open={confirming}
          onOpenChange={setConfirming}
          title={t.deleteClient}
          description={fillMessage(t.confirmDelete, { name: client.name, appointments: counts.appointments, conversations: counts.conversations })}
          closeLabel={t.keep}
          trigger={
            <button type="button" className={secondaryButtonClass} disabled={!hydrated}>
              {t.deleteClient}
            </button>
          }
        >
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              className="inline-flex items-center justify-center rounded-lg bg-red-700 px-4 py-2.5 text-sm font-semibold text-white hover:bg-red-800 disabled:opacity-60"
              disabled={erase.isPending}
              onClick={() => erase.mutate()}
            >
              {t.confirm}
            </button>
            <button type="button" className={secondaryButtonClass} onClick={() => setConfirming(false)} autoFocus>
              {t.keep}
            </button>
          </div>
        </Dialog>
      </section>
    </div>
  );
}
