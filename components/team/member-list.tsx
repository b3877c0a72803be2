"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormError, secondaryButtonClass } from "@/components/forms/fields";
import { apiRequest, failureOf } from "@/components/forms/api-request";
import { useOutcomeToasts, useToast } from "@/components/ui/toaster";
import { ROLES, canChangeMemberRole, canRemoveMember } from "@/lib/auth/permissions";
import type { MemberRole } from "@/lib/db/generated/client";
import { fillMessage } from "@/lib/i18n/messages";
import type { TeamMessages } from "@/lib/i18n/team-messages";

interface Member {
  id: string;
  userId: string;
  name: string;
  email: string;
  role: MemberRole;
}
interface PendingInvitation {
  id: string;
  email: string;
  role: MemberRole;
  /** Already formatted for the UI language and the tenant's time zone. */
  expiresAt: string;
}

function MemberRow({ member, actorRole, isSelf, canManage, t }: { member: Member; actorRole: MemberRole; isSelf: boolean; canManage: boolean; t: TeamMessages }) {
  const router = useRouter();
  const toast = useOutcomeToasts();
  const { words } = useToast();
  const [role, setRole] = useState<MemberRole>(member.role);
  const change = useMutation({
    mutationFn: () => apiRequest(`/api/team/members/${member.id}`, "PATCH", { role }),
    onSuccess: () => {
      toast.succeed(words.saved);
      router.refresh();
    },
    onError: toast.fail,
  });
  const remove = useMutation({
    mutationFn: () => apiRequest(`/api/team/members/${member.id}`, "DELETE"),
    onSuccess: () => {
      toast.succeed(words.saved);
      router.refresh();
    },
    onError: toast.fail,
  });
  const error = change.error ?? remove.error;
  const editable = canManage && !isSelf;
  const roleOptions = ROLES.filter((r) => r === member.role || canChangeMemberRole(actorRole, member.role, r));
  return (
    <tr className="border-b border-slate-100 align-top" data-testid={`member-${member.email}`}>
      <td className="py-3 pr-4">
        <p className="font-medium">{member.name}</p>
        <p className="text-sm text-ink-muted">{member.email}</p>
      </td>
      <td className="py-3 pr-4">
        {editable && roleOptions.length > 1 ? (
          <div className="flex items-center gap-2">
            <label htmlFor={`role-${member.id}`} className="sr-only">
              {fillMessage(t.roleOf, { name: member.name })}
            </label>
            <select
              id={`role-${member.id}`}
              value={role}
              onChange={(e) => setRole(e.target.value as MemberRole)}
              className="rounded-lg border border-slate-300 px-2 py-1.5 text-sm"
            >
              {roleOptions.map((r) => (
                <option key={r} value={r}>
                  {t[r]}
                </option>
              ))}
            </select>
            <button type="button" className={secondaryButtonClass} disabled={role === member.role || change.isPending} onClick={() => change.mutate()}>
              {t.saveRole}
            </button>
          </div>
        ) : (
          <span>{t[member.role]}</span>
        )}
      </td>
      <td className="py-3">
        {editable && canRemoveMember(actorRole, member.role) ? (
          <button type="button" className={secondaryButtonClass} disabled={remove.isPending} onClick={() => remove.mutate()}>
            {fillMessage(t.remove, { name: member.name })}
          </button>
        ) : null}
        {error ? <FormError message={failureOf(error).message} /> : null}
      </td>
    </tr>
  );
}

function InvitationRow({ invitation, canManage, t }: { invitation: PendingInvitation; canManage: boolean; t: TeamMessages }) {
  const router = useRouter();
  const toast = useOutcomeToasts();
  const { words } = useToast();
  const revoke = useMutation({
    mutationFn: () => apiRequest(`/api/team/invitations/${invitation.id}`, "DELETE"),
    onSuccess: () => {
      toast.succeed(words.saved);
      router.refresh();
    },
    onError: toast.fail,
  });
  return (
    <li className="flex items-center justify-between gap-4 py-2">
      <span>
        {fillMessage(t.invitationLine, { email: invitation.email, role: t[invitation.role], date: invitation.expiresAt })}
      </span>
      {canManage ? (
        <button type="button" className={secondaryButtonClass} disabled={revoke.isPending} onClick={() => revoke.mutate()}>
          {fillMessage(t.revokeInvitation, { email: invitation.email })}
        </button>
      ) : null}
    </li>
  );
}

export function MemberList({
  members,
  invitations,
  actorRole,
  actorUserId,
  canManage,
  t,
}: {
  members: Member[];
  invitations: PendingInvitation[];
  actorRole: MemberRole;
  actorUserId: string;
  canManage: boolean;
  t: TeamMessages;
}) {
  return (
    <div className="mt-6 space-y-8">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{t.membersCaption}</caption>
        <thead>
          <tr className="border-b border-slate-200">
            <th className="py-2">{t.member}</th>
            <th className="py-2">{t.role}</th>
            <th className="py-2">
              <span className="sr-only">{t.actions}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <MemberRow key={m.id} member={m} actorRole={actorRole} isSelf={m.userId === actorUserId} canManage={canManage} t={t} />
          ))}
        </tbody>
      </table>
      {invitations.length > 0 ? (
        <div>
          <h2 className="text-lg font-semibold">{t.pendingInvitations}</h2>
          <ul className="mt-2 divide-y divide-slate-100 text-sm">
            {invitations.map((i) => (
              <InvitationRow key={i.id} invitation={i} canManage={canManage} t={t} />
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
