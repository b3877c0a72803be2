"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useHydrated } from "@/components/forms/use-hydrated";
import { FormError, SelectField, TextField, buttonClass } from "@/components/forms/fields";
import { apiRequest, failureOf } from "@/components/forms/api-request";
import type { MemberRole } from "@/lib/db/generated/client";

const ROLE_OPTIONS: Array<{ value: MemberRole; label: string }> = [
  { value: "staff", label: "Staff — conversations, appointments, clients" },
  { value: "viewer", label: "Viewer — read only" },
  { value: "admin", label: "Admin — settings, channels, team" },
  { value: "owner", label: "Owner — everything, including billing" },
];

export function InviteForm({ actorRole }: { actorRole: MemberRole }) {
  const router = useRouter();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const hydrated = useHydrated();
  const invite = useMutation({
    mutationFn: (body: Record<string, FormDataEntryValue>) => apiRequest<{ email: string }>("/api/team/invitations", "POST", body),
    onSuccess: (invitation) => {
      setSentTo(invitation.email);
      router.refresh();
    },
  });
  const failure = invite.error ? failureOf(invite.error) : null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSentTo(null);
    const form = event.currentTarget;
    invite.mutate(Object.fromEntries(new FormData(form)), { onSuccess: () => form.reset() });
  }

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="mt-4 space-y-4" aria-label="Invite a team member">
      <FormError message={failure && !failure.field ? failure.message : null} />
      <TextField label="Email" name="email" type="email" required error={failure?.field === "email" ? failure.message : null} />
      <SelectField
        label="Role"
        name="role"
        defaultValue="staff"
        options={ROLE_OPTIONS.filter((o) => actorRole === "owner" || o.value !== "owner")}
        error={failure?.field === "role" ? failure.message : null}
      />
      <button type="submit" className={buttonClass} disabled={invite.isPending || !hydrated}>
        Send invitation
      </button>
      {sentTo ? (
        <p role="status" className="text-sm text-green-700">
          Invitation sent to {sentTo}.
        </p>
      ) : null}
    </form>
  );
}
