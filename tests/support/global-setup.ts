import type { TestProject } from "vitest/node";
import { startDropper } from "./database-dropper";
import { SERVER_URL } from "./test-database";
import { runTemplateName, templateName, holdTemplates } from "./template-database";

/*
 * Migrates this run's template database once, before any test file starts,
 * keeps it marked in use until the run ends, and names the run's seeded
 * template, which the first file that needs it builds and the end of the run
 * drops (template-database.ts, seeded-database.ts); drops the test files'
 * databases in the background (database-dropper.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runTemplate = runTemplateName();
  const templates = await holdTemplates(SERVER_URL, templateName(), runTemplate);
  project.provide("runTemplate", runTemplate);
  const dropper = startDropper(SERVER_URL);
  return async () => {
    await dropper.stop();
    await templates.release();
  };
}
