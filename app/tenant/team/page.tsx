import { InviteForm } from "@/components/team/invite-form";
import { MemberList } from "@/components/team/member-list";
import { TransferOwnershipForm } from "@/components/team/transfer-ownership-form";
import { canChange, requireTenantPage } from "@/lib/auth";
import { listTeam } from "@/lib/auth/team";
import { tenantDb } from "@/lib/db";
import { messagesFor } from "@/lib/i18n";
import { getUiLocale } from "@/lib/i18n/request-locale";
import { teamMessages } from "@/lib/i18n/team-messages";
import { formatInstant } from "@/lib/i18n/date-format";
import { runAsTenant } from "@/lib/tenancy";
import { tenantTimeZone } from "@/lib/booking";

export default async function TeamPage() {
  const { user } = await requireTenantPage("team.view");
  const locale = await getUiLocale(user.tenantId);
  const t = messagesFor(teamMessages, locale);
  const request = { ip: null, requestId: null, userAgent: null };
  const { team, timeZone } = await runAsTenant(user.tenantId, async () => ({
    team: await listTeam({ user, db: tenantDb(), request }),
    timeZone: await tenantTimeZone(tenantDb()),
  }));
  const invitations = team.invitations.map((i) => ({ ...i, expiresAt: formatInstant(i.expiresAt, timeZone, locale) }));
  const manage = canChange(user, "team.manage");
  const transferCandidates = team.members.filter((m) => m.userId !== user.userId && m.role !== "owner");
  return (
    <section aria-labelledby="team-heading" className="space-y-10">
      <div>
        <h1 id="team-heading" className="text-2xl font-bold tracking-tight">
          {t.title}
        </h1>
        <MemberList members={team.members} invitations={invitations} actorRole={user.role} actorUserId={user.userId} canManage={manage} t={t} />
      </div>
      {canChange(user, "team.invite") ? (
        <div className="max-w-md">
          <h2 className="text-lg font-semibold">{t.inviteHeading}</h2>
          <InviteForm actorRole={user.role} t={t} />
        </div>
      ) : null}
      {canChange(user, "ownership.transfer") && transferCandidates.length > 0 ? (
        <div className="max-w-md">
          <h2 className="text-lg font-semibold">{t.transferHeading}</h2>
          <TransferOwnershipForm candidates={transferCandidates.map((m) => ({ id: m.id, name: m.name, email: m.email }))} t={t} />
        </div>
      ) : null}
    </section>
  );
}
