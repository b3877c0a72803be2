import type { DemoSlug, SeededTenants } from "../booking/seeded-tenants";

/*
 * A team for the staff dialogues: the tenant's default diary renamed after
 * a person (as an owner who adds colleagues does), then the others, each
 * doing the services listed (all by default), in display order.
 */
export interface StaffMember {
  name: string;
  services?: string[];
  kind?: "staff" | "room";
}

export async function addStaff(s: SeededTenants, slug: DemoSlug, defaultName: string, others: StaffMember[]): Promise<void> {
  const tenant = s.tenantId(slug);
  await s.admin.query("UPDATE resources SET name = $2 WHERE tenant_id = $1 AND is_default", [tenant, defaultName]);
  for (const [i, member] of others.entries()) {
    const { rows } = await s.admin.query<{ id: string }>(
      "INSERT INTO resources (tenant_id, name, kind, position) VALUES ($1, $2, $3, $4) RETURNING id",
      [tenant, member.name, member.kind ?? "staff", i + 1],
    );
    await s.admin.query(
      `INSERT INTO resource_services (tenant_id, resource_id, service_id)
       SELECT $1, $2, id FROM services WHERE tenant_id = $1 AND ($3::text[] IS NULL OR name = ANY($3::text[]))`,
      [tenant, rows[0]!.id, member.services ?? null],
    );
  }
}
