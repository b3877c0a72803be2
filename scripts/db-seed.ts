import path from "node:path";
import { databaseUrls } from "../lib/db/database-urls";
import { seedDemoTenants } from "../prisma/seed/seed-demo-tenants";

const dataDir = process.env.FRONTDESK_DATA_DIR ?? ".data";
const seedFile = path.join(dataDir, "seed.json");
const tenants = await seedDemoTenants({ url: databaseUrls().migration, seedFile });

console.log("Demo tenants (dev only — credentials also in %s):", seedFile);
for (const t of tenants) {
  console.log(`  ${t.slug.padEnd(15)} ${t.ownerEmail.padEnd(28)} password ${t.ownerPassword}  widget key ${t.widgetKey}`);
  console.log(`  ${"".padEnd(15)} voice ${t.voiceNumber}  whatsapp ${t.whatsappNumber}`);
}
