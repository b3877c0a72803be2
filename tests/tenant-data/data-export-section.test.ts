import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, it } from "vitest";
import { DataExportSection } from "@/components/tenant/data-export-section";
import { dataExportMessages } from "@/lib/i18n/data-export-messages";
import type { DataExportView } from "@/lib/tenant-data/owner-export-contract";

/*
 * Settings → Your data as rendered on the server: the owner's button, list,
 * link and sizes in both languages; a failed export says why in the owner's
 * language; members who may not export read why, with no button and no list.
 */

const base: DataExportView = {
  id: "7b0c2f4e-8a8e-4d6f-9d51-2f8c6f1f0a11",
  status: "ready",
  createdAt: "2031-03-01T10:00:00.000Z",
  finishedAt: "2031-03-01T10:01:00.000Z",
  expiresAt: "2031-03-02T10:01:00.000Z",
  sizeBytes: 1536,
  tableCounts: { tenants: 1, clients: 1200, appointments: 34 },
  error: null,
  mine: true,
  downloadUrl: "/api/settings/data-export/download?token=abc.def",
};

const render = (initial: DataExportView[] | null, locale: "en" | "fr") =>
  renderToStaticMarkup(
    createElement(
      QueryClientProvider,
      { client: new QueryClient() },
      createElement(DataExportSection, { initial, timeZone: "Europe/Paris", locale, t: dataExportMessages[locale] }),
    ),
  );

it("shows the owner the button, the ready export with its link, size and rows, in English and French", () => {
  const en = render([base], "en");
  expect(en).toContain("Request an export");
  expect(en).toContain('href="/api/settings/data-export/download?token=abc.def"');
  expect(en).toContain("(1.5 KB, 1,235 rows)");
  expect(en).toMatch(/Ready: link valid until Mar 2, 2031, 11:01/);
  expect(en).toContain("every download is recorded in Activity");
  const fr = render([base], "fr");
  expect(fr).toContain("Demander un export");
  expect(fr.replace(/\u202f|\u00a0/g, " ")).toContain("(1,5 Ko, 1 235 lignes)");
  expect(fr).toContain("Prêt : lien valable jusqu&#x27;au 2 mars 2031");
});

it("says why an export failed, in the owner's language, and never offers another owner's link", () => {
  const html = render(
    [
      { ...base, id: "1b0c2f4e-8a8e-4d6f-9d51-2f8c6f1f0a11", status: "failed", sizeBytes: 80 * 1024 * 1024, downloadUrl: null, tableCounts: null, error: "The archive is 80.0 MB…" },
      { ...base, id: "2b0c2f4e-8a8e-4d6f-9d51-2f8c6f1f0a11", mine: false, downloadUrl: null },
    ],
    "fr",
  );
  expect(html).toContain("Le fichier ferait 80 Mo");
  expect(html).not.toContain("The archive is");
  expect(html).toContain("lui seul peut le télécharger");
  expect(html).not.toContain("download?token");
});

it("shows members who may not export why, with no button and no list", () => {
  const html = render(null, "en");
  expect(html).toContain("Only an owner of the workspace can export its data.");
  expect(html).not.toContain("Request an export");
  expect(html).not.toContain("Recent exports");
});
