import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { createUnscopedDb } from "@/lib/db/tenant-db";
import { hashPassword, verifyPassword } from "@/lib/auth/password-hash";
import { generateWidgetKey, hashWidgetKey } from "@/lib/channels/widget-key";
import { DEMO_TENANTS, type DemoTenant } from "./demo-tenants";

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

async function readPrevious(file: string): Promise<Map<string, SeededTenant>> {
  try {
    const json = JSON.parse(await readFile(file, "utf8")) as { tenants?: SeededTenant[] };
    return new Map((json.tenants ?? []).map((t) => [t.slug, t]));
  } catch {
    return new Map();
  }
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
}): Promise<SeededTenant[]> {
  const db = createUnscopedDb({ url: options.url, max: options.embedded ? 1 : 2 });
  const previous = await readPrevious(options.seedFile);
  const out: SeededTenant[] = [];
  try {
    for (const demo of DEMO_TENANTS) out.push(await seedOne(db, demo, previous.get(demo.slug)));
  } finally {
    await db.$disconnect();
    await db.pool.end();
  }
  await mkdir(path.dirname(options.seedFile), { recursive: true });
  await writeFile(options.seedFile, JSON.stringify({ tenants: out }, null, 2) + "\n", { mode: 0o600 });
  return out;
}

async function seedOne(
  db: ReturnType<typeof createUnscopedDb>,
  demo: DemoTenant,
  prev: SeededTenant | undefined,
): Promise<SeededTenant> {
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
  });
  const tenantId = tenant.id;

  const existingUser = await db.user.findUnique({ where: { email: demo.ownerEmail } });
  let ownerPassword = prev?.ownerPassword;
  const stillValid =
    ownerPassword && existingUser?.passwordHash && (await verifyPassword(existingUser.passwordHash, ownerPassword));
  if (!stillValid) ownerPassword = randomBytes(12).toString("base64url");
  const user = existingUser
    ? stillValid
      ? existingUser
      : await db.user.update({ where: { id: existingUser.id }, data: { passwordHash: await hashPassword(ownerPassword!) } })
    : await db.user.create({
        data: { email: demo.ownerEmail, name: demo.ownerName, passwordHash: await hashPassword(ownerPassword!) },
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
  await db.businessProfile.upsert({
    where: { tenantId },
    create: { tenantId, ...profile },
    update: profile,
  });

  await db.$transaction([
    db.openingHours.deleteMany({ where: { tenantId } }),
    db.openingHours.createMany({
      data: Object.entries(demo.hours).flatMap(([weekday, intervals]) =>
        intervals.map(([from, to]) => ({ tenantId, weekday: Number(weekday), opensAt: minutes(from), closesAt: minutes(to) })),
      ),
    }),
    db.faqEntry.deleteMany({ where: { tenantId } }),
    db.faqEntry.createMany({ data: demo.faq.map((f) => ({ tenantId, ...f })) }),
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
    await db.service.upsert({
      where: { tenantId_name: { tenantId, name: s.name } },
      create: { tenantId, name: s.name, ...data },
      update: data,
    });
  }

  for (const [channel, key, label] of [
    ["voice", demo.voiceNumber, "Main line"],
    ["whatsapp", demo.whatsappNumber, "WhatsApp"],
  ] as const) {
    await db.channelRoute.upsert({
      where: { channel_key: { channel, key } },
      create: { tenantId, channel, key, label },
      update: { label, active: true, revokedAt: null },
    });
  }

  const origins = ["http://localhost:3000", `http://${demo.slug}.localhost:3000`];
  let widgetKey = prev?.widgetKey;
  const current = widgetKey
    ? await db.channelRoute.findFirst({
        where: { tenantId, channel: "web", key: hashWidgetKey(widgetKey), active: true, revokedAt: null },
      })
    : null;
  if (current) {
    await db.channelRoute.update({ where: { id: current.id }, data: { allowedOrigins: origins } });
  } else {
    await db.channelRoute.updateMany({
      where: { tenantId, channel: "web", label: DEMO_WIDGET_LABEL, revokedAt: null },
      data: { active: false, revokedAt: new Date() },
    });
    const fresh = generateWidgetKey();
    widgetKey = fresh.key;
    await db.channelRoute.create({
      data: { tenantId, channel: "web", key: fresh.hash, keyPrefix: fresh.prefix, label: DEMO_WIDGET_LABEL, allowedOrigins: origins },
    });
  }

  return {
    slug: demo.slug,
    ownerEmail: demo.ownerEmail,
    ownerPassword: ownerPassword!,
    widgetKey: widgetKey!,
    voiceNumber: demo.voiceNumber,
    whatsappNumber: demo.whatsappNumber,
  };
}

export function printSeededTenants(tenants: SeededTenant[], seedFile: string): void {
  console.log(`Demo tenants (dev only; also written to ${seedFile}):`);
  for (const t of tenants) {
    console.log(`  ${t.slug.padEnd(15)} ${t.ownerEmail.padEnd(26)} password ${t.ownerPassword}`);
    console.log(`  ${"".padEnd(15)} widget key ${t.widgetKey}  voice ${t.voiceNumber}  whatsapp ${t.whatsappNumber}`);
  }
}
