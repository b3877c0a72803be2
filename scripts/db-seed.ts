import path from "node:path";
import { dataDirectory, openLocalDatabase } from "../lib/db/local-database";
import { seedDemoTenants, printSeededTenants } from "../prisma/seed/seed-demo-tenants";

const database = await openLocalDatabase();
try {
  const seedFile = path.join(dataDirectory(), "seed.json");
  printSeededTenants(await seedDemoTenants({ url: database.url, seedFile, embedded: database.embedded }), seedFile);
} finally {
  await database.stop();
}
