import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { createUnscopedDb } from "@/lib/db/tenant-db";
import { hashPassword, verifyPassword } from "@/lib/auth/password-hash";
import { generateWidgetKey, hashWidgetKey } from "@/lib/channels/widget-key";
import { DEMO_TENANTS, type DemoTenant } from "./demo-tenants";
import { seedTarget, settleSeededTenant, type SeedTarget } from "./seed-cells";

export interface SeededTenant {
  slug: string;
  ownerEmail: string;
  ownerPassword: string;
  widgetKey: string;
  voiceNumber: string;
  whatsappNumber: string;
}

const DEMO_WIDGET_LABEL = "Demo widget (seed)";

const minutes = (hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return h! * 60 + m!;
};

export interface SeededAdmin {
  email: string;
  password: string;
}

export interface SeededDemo {
  tenants: SeededTenant[];
  platformAdmin: SeededAdmin;
}

const DEMO_ADMIN = { email: "admin@frontdesk.localhost", name: "Frontdesk support" };

async function readPrevious(file: string): Promise<{ tenants: Map<string, SeededTenant>; admin?: SeededAdmin }> {
  try {
    const json = JSON.parse(await readFile(file, "utf8")) as { tenants?: SeededTenant[]; platformAdmin?: SeededAdmin };
    return { tenants: new Map((json.tenants ?? []).map((t) => [t.slug, t])), admin: json.platformAdmin };
  } catch {
    return { tenants: new Map() };
  }
}

/** The password handed out before, if it still works; otherwise a new one. */
async function keptPassword(hash: string | null | undefined, previous: string | undefined): Promise<{ password: string; fresh: boolean }> {
  if (previous && hash && (await verifyPassword(hash, previous))) return { password: previous, fresh: false };
  return { password: randomBytes(12).toString("base64url"), fresh: true };
}

/** The dev platform admin; two-factor sign-in is set up on the first visit to the admin host. */
async function seedAdmin(db: ReturnType<typeof createUnscopedDb>, prev: SeededAdmin | undefined): Promise<SeededAdmin> {
  const existing = await db.user.findUnique({ where: { email: DEMO_ADMIN.email } });
  const { password, fresh } = await keptPassword(existing?.passwordHash, prev?.password);
  const passwordHash = fresh ? await hashPassword(password) : undefined;
  await db.user.upsert({
    where: { email: DEMO_ADMIN.email },
    create: { email: DEMO_ADMIN.email, name: DEMO_ADMIN.name, isPlatformAdmin: true, passwordHash: passwordHash! },
    update: { isPlatformAdmin: true, ...(passwordHash ? { passwordHash } : {}) },
  });
  return { email: DEMO_ADMIN.email, password };
}

/**
 * Creates or refreshes the three demo tenants. Safe to run any number of
 * times: rows are upserted, and credentials already handed out (recorded in
 * the seed file) keep working instead of being rotated on every run.
 */
export async function seedDemoTenants(options: {
  url: string;
  seedFile: string;
  /** The embedded server serves one connection at a time. */
  embedded?: boolean;
}): Promise<SeededDemo> {
  const db = createUnscopedDb({ url: options.url, max: options.embedded ? 1 : 2 });
  const previous = await readPrevious(options.seedFile);
  const out: SeededDemo = { tenants: [], platformAdmin: { email: "", password: "" } };
  try {
    for (const demo of DEMO_TENANTS) {
      const target = await seedTarget(db, demo.slug);
      try {
        const seeded = await seedOne(target, demo, previous.tenants.get(demo.slug));
        await settleSeededTenant(target, seeded.tenantId, demo.region);
        out.tenants.push(seeded.tenant);
      } finally {
        await target.close();
      }
    }
    out.platformAdmin = await seedAdmin(db, previous.admin);
  } finally {
    await db.$disconnect();
    await db.pool.end();
  }
  await mkdir(path.dirname(options.seedFile), { recursive: true });
  await writeFile(options.seedFile, JSON.stringify(out, null, 2) + "\n", { mode: 0o600 });
  return out;
}

async function seedOne(
  { control: db, cell }: SeedTarget,
  demo: DemoTenant,
  prev: SeededTenant | undefined,
): Promise<{ tenantId: string; tenant: SeededTenant }> {
  const tenant = await db.tenant.upsert({
    where: { slug: demo.slug },
    create: {
      slug: demo.slug,
      name: demo.name,
      region: demo.region,
      plan: "pro",
      status: "active",
      adminEmail: demo.ownerEmail,
      adminPhone: demo.adminPhone,
      timezone: demo.timezone,
      locale: demo.locale,
    },
    update: { name: demo.name, region: demo.region, timezone: demo.timezone, locale: demo.locale },
    // Only the id: the seed also runs on older schemas (tests of a migration seed the schema before it).
    select: { id: true },
  });
  const tenantId = tenant.id;

  const existingUser = await db.user.findUnique({ where: { email: demo.ownerEmail } });
  const { password: ownerPassword, fresh } = await keptPassword(existingUser?.passwordHash, prev?.ownerPassword);
  const user = existingUser
    ? fresh
      ? await db.user.update({ where: { id: existingUser.id }, data: { passwordHash: await hashPassword(ownerPassword) } })
      : existingUser
    : await db.user.create({
        data: { email: demo.ownerEmail, name: demo.ownerName, passwordHash: await hashPassword(ownerPassword) },
      });

  await db.membership.upsert({
    where: { tenantId_userId: { tenantId, userId: user.id } },
    create: { tenantId, userId: user.id, role: "owner" },
    update: { role: "owner" },
  });

  const profile = {
    businessName: demo.name,
    address: demo.address,
    directions: demo.directions,
    transferPhone: demo.adminPhone,
    greeting: demo.greeting,
    personaName: demo.personaName,
    languages: demo.languages,
  };
  await cell.businessProfile.upsert({
    where: { tenantId },
    create: { tenantId, ...profile },
    update: profile,
  });

  await cell.$transaction([
    cell.openingHours.deleteMany({ where: { tenantId } }),
    cell.openingHours.createMany({
      data: Object.entries(demo.hours).flatMap(([weekday, intervals]) =>
        intervals.map(([from, to]) => ({ tenantId, weekday: Number(weekday), opensAt: minutes(from), closesAt: minutes(to) })),
      ),
    }),
    cell.faqEntry.deleteMany({ where: { tenantId } }),
    cell.faqEntry.createMany({ data: demo.faq.map((f) => ({ tenantId, ...f })) }),
  ]);

  for (const s of demo.services) {
    const data = {
      localizedNames: s.names ?? {},
      synonyms: s.synonyms ?? [],
      durationMinutes: s.durationMinutes,
      priceCents: s.priceCents ?? null,
      currency: s.currency ?? null,
      active: true,
    };
    await cell.service.upsert({
      where: { tenantId_name: { tenantId, name: s.name } },
      create: { tenantId, name: s.name, ...data },
      update: data,
    });
  }

  for (const [channel, key, label] of [
    ["voice", demo.voiceNumber, "Main line"],
    ["whatsapp", demo.whatsappNumber, "WhatsApp"],
  ] as const) {
    await cell.channelRoute.upsert({
      where: { channel_key: { channel, key } },
      create: { tenantId, channel, key, label },
      update: { label, active: true, revokedAt: null },
    });
  }

  const origins = ["http://localhost:3000", `http://${demo.slug}.localhost:3000`];
  let widgetKey = prev?.widgetKey;
  const current = widgetKey
    ? await cell.channelRoute.findFirst({
        where: { tenantId, channel: "web", key: hashWidgetKey(widgetKey), active: true, revokedAt: null },
      })
    : null;
  if (current) {
    await cell.channelRoute.update({ where: { id: current.id }, data: { allowedOrigins: origins } });
  } else {
    await cell.channelRoute.updateMany({
      where: { tenantId, channel: "web", label: DEMO_WIDGET_LABEL, revokedAt: null },
      data: { active: false, revokedAt: new Date() },
    });
    const fresh = generateWidgetKey();
    widgetKey = fresh.key;
    await cell.channelRoute.create({
      data: { tenantId, channel: "web", key: fresh.hash, keyPrefix: fresh.prefix, label: DEMO_WIDGET_LABEL, allowedOrigins: origins },
    });
  }

  const seeded = {
    slug: demo.slug,
    ownerEmail: demo.ownerEmail,
    ownerPassword,
    widgetKey: widgetKey!,
    voiceNumber: demo.voiceNumber,
    whatsappNumber: demo.whatsappNumber,
  };
  return { tenantId, tenant: seeded };
}

export function printSeededTenants({ tenants, platformAdmin }: SeededDemo, seedFile: string): void {
  console.log(`Demo tenants (dev only; also written to ${seedFile}):`);
  for (const t of tenants) {
    console.log(`  ${t.slug.padEnd(15)} ${t.ownerEmail.padEnd(26)} password ${t.ownerPassword}`);
    console.log(`  ${"".padEnd(15)} widget key ${t.widgetKey}  voice ${t.voiceNumber}  whatsapp ${t.whatsappNumber}`);
  }
  const port = process.env.PORT ?? "3000";
  console.log(`Platform console: http://admin.localhost:${port}  ${platformAdmin.email}  password ${platformAdmin.password}  (two-factor setup on first sign-in)`);
}
