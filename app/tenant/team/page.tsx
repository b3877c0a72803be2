import { InviteForm } from "@/components/team/invite-form";
import { MemberList } from "@/components/team/member-list";
import { can, requireTenantPage } from "@/lib/auth";
import { listTeam } from "@/lib/auth/team";
import { tenantDb } from "@/lib/db";
import { runAsTenant } from "@/lib/tenancy";

export default async function TeamPage() {
  const { user } = await requireTenantPage("team.view");
  const request = { ip: null, requestId: null, userAgent: null };
  const team = await runAsTenant(user.tenantId, () => listTeam({ user, db: tenantDb(), request }));
  const manage = can(user.role, "team.manage");
  return (
    <section aria-labelledby="team-heading" className="space-y-10">
      <div>
        <h1 id="team-heading" className="text-2xl font-bold tracking-tight">
          Team
        </h1>
        <MemberList members={team.members} invitations={team.invitations} actorRole={user.role} actorUserId={user.userId} canManage={manage} />
      </div>
      {can(user.role, "team.invite") ? (
        <div className="max-w-md">
          <h2 className="text-lg font-semibold">Invite someone</h2>
          <InviteForm actorRole={user.role} />
        </div>
      ) : null}
    </section>
  );
}
