"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useHydrated } from "@/components/forms/use-hydrated";
import { FormError, SelectField, TextField, buttonClass } from "@/components/forms/fields";
import { apiRequest, failureOf } from "@/components/forms/api-request";
import type { MemberRole } from "@/lib/db/generated/client";
import { fillMessage } from "@/lib/i18n/messages";
import type { TeamMessages } from "@/lib/i18n/team-messages";
import { useOutcomeToasts } from "@/components/ui/toaster";

const ROLE_OPTIONS: Array<{ value: MemberRole; label: keyof TeamMessages }> = [
  { value: "staff", label: "roleStaffOption" },
  { value: "viewer", label: "roleViewerOption" },
  { value: "admin", label: "roleAdminOption" },
  { value: "owner", label: "roleOwnerOption" },
];

export function InviteForm({ actorRole, t }: { actorRole: MemberRole; t: TeamMessages }) {
  const router = useRouter();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const hydrated = useHydrated();
  const toast = useOutcomeToasts();
  const invite = useMutation({
    mutationFn: (body: Record<string, FormDataEntryValue>) => apiRequest<{ email: string }>("/api/team/invitations", "POST", body),
    onSuccess: (invitation) => {
      setSentTo(invitation.email);
      toast.succeed(fillMessage(t.invitationSent, { email: invitation.email }));
      router.refresh();
    },
    onError: toast.fail,
  });
  const failure = invite.error ? failureOf(invite.error) : null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSentTo(null);
    const form = event.currentTarget;
    invite.mutate(Object.fromEntries(new FormData(form)), { onSuccess: () => form.reset() });
  }

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="mt-4 space-y-4" aria-label={t.inviteForm}>
      <FormError message={failure && !failure.field ? failure.message : null} />
      <TextField label={t.email} name="email" type="email" required error={failure?.field === "email" ? failure.message : null} />
      <SelectField
        label={t.role}
        name="role"
        defaultValue="staff"
        options={ROLE_OPTIONS.filter((o) => actorRole === "owner" || o.value !== "owner").map((o) => ({ value: o.value, label: t[o.label] }))}
        error={failure?.field === "role" ? failure.message : null}
      />
      <button type="submit" className={buttonClass} disabled={invite.isPending || !hydrated}>
        {t.sendInvitation}
      </button>
      {sentTo ? (
        <p className="text-sm text-green-700">
          {fillMessage(t.invitationSent, { email: sentTo })}
        </p>
      ) : null}
    </form>
  );
}
