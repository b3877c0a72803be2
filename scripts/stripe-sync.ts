import pg from "pg";
import { databaseUrls } from "../lib/db/database-urls";
import { stripeClient } from "../lib/billing/stripe-client";
import { syncStripeCatalogue } from "../lib/billing/stripe-sync";

/*
 * `npm run stripe:sync`: creates or updates the Stripe products and prices of
 * the plans (by lookup key), the overage meters and metered prices in the account of STRIPE_SECRET_KEY and stores
 * their ids. Safe to run again: what already matches is kept.
 */
const stripe = stripeClient();
if (!stripe) {
  console.error("STRIPE_SECRET_KEY is not set: nothing to synchronise.");
  process.exit(1);
}
const client = new pg.Client({ connectionString: databaseUrls().migration });
await client.connect();
try {
  const report = await syncStripeCatalogue(stripe, client);
  console.log(
    `products: ${report.products.created} created, ${report.products.kept} kept; ` +
      `prices: ${report.prices.created} created, ${report.prices.replaced} replaced, ${report.prices.kept} kept; ` +
      `meters: ${report.meters.created} created, ${report.meters.reactivated} reactivated, ${report.meters.kept} kept; ` +
      `overage prices: ${report.overagePrices.created} created, ${report.overagePrices.replaced} replaced, ${report.overagePrices.kept} kept`,
  );
} finally {
  await client.end();
}
