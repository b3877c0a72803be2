import { parseArgs } from "node:util";
import { ZodError } from "zod";
import { createPlatformAdmin } from "../lib/auth/platform-admins";
import { openLocalDatabase } from "../lib/db/local-database";
import { rootDomain } from "../lib/tenancy/tenant-host";

/*
 * `npm run admin:create -- --email x@y [--name "Ada"]`: creates a platform
 * admin, or promotes an existing user, and prints a one-time setup link
 * (24 hours) to choose a password and set up two-factor sign-in.
 */
const { values } = parseArgs({ options: { email: { type: "string" }, name: { type: "string" } } });
if (!values.email) {
  console.error("Usage: npm run admin:create -- --email someone@example.com [--name \"Full name\"]");
  process.exit(2);
}
const database = await openLocalDatabase();
try {
  const invite = await createPlatformAdmin(database.url, { email: values.email, name: values.name });
  const scheme = process.env.NODE_ENV === "production" ? "https" : "http";
  console.log(`${invite.created ? "Created" : "Promoted"} platform admin ${invite.email}.`);
  console.log(`One-time setup link (valid 24 hours): ${scheme}://admin.${rootDomain()}${invite.setupPath}`);
} catch (error) {
  const issue = error instanceof ZodError ? error.issues[0]?.message : undefined;
  console.error(issue ? `--email: ${issue}` : error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await database.stop();
}
