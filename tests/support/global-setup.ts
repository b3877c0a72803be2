import { SERVER_URL } from "./test-database";
import { useTemplate } from "./template-database";

/*
 * Migrates this run's template database once, before any test file starts,
 * and keeps it marked in use until the run ends (see template-database.ts).
 */
export default async function setup(): Promise<() => Promise<void>> {
  const template = await useTemplate(SERVER_URL);
  return () => template.release();
}
