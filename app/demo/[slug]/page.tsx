import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DocumentLanguage } from "@/components/tenant/document-language";
import { loadWidgetDemo } from "@/lib/channels";
import { pagePathParams, pageQueryValue } from "@/lib/http";
import { messagesFor } from "@/lib/i18n";
import { demoMessages } from "@/lib/i18n/demo-messages";

// A business's page with the chat widget embedded, as a customer would see it.
// Which key is embedded, and why it is safe to show, is explained in
// lib/channels/widget-demo.ts.

export const metadata: Metadata = { title: "Widget demo · Frontdesk", robots: { index: false } };

interface DemoPageProps {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function WidgetDemoPage({ params, searchParams }: DemoPageProps) {
  const path = pagePathParams(await params);
  if (!path) notFound();
  const demo = await loadWidgetDemo(path.slug, pageQueryValue((await searchParams).key));
  if (!demo) notFound();
  const t = messagesFor(demoMessages, demo.locale);

  // The snippet comes first, the side of the widget's corner is kept clear on
  // wide screens and the page keeps room at its foot, so the bubble and its
  // open panel never sit on top of the snippet.
  const side = demo.position === "left" ? "lg:pl-[24rem]" : "lg:pr-[24rem]";
  return (
    <main lang={demo.locale} className={`mx-auto max-w-6xl px-6 pb-[36rem] pt-12 ${side}`}>
      <DocumentLanguage locale={demo.locale} />
      <p className="text-sm font-semibold text-brand-700">{t.kicker}</p>
      <h1 className="mt-2 text-3xl font-bold tracking-tight">{demo.businessName}</h1>
      {demo.address && <p className="mt-2 text-slate-700">{demo.address}</p>}
      {demo.widgetKey && (
        <figure className="mt-6">
          <figcaption className="text-sm font-medium">{t.snippetLabel}</figcaption>
          <pre data-testid="embed-snippet" className="mt-2 overflow-x-auto whitespace-pre-wrap break-all rounded-lg bg-slate-900 p-4 text-sm text-slate-100">
            {`<script src="${demo.scriptUrl}" data-key="${demo.widgetKey}" async></script>`}
          </pre>
        </figure>
      )}
      <p className="mt-6">{t.intro}</p>
      {!demo.serving && <p className="mt-4 rounded-lg bg-amber-50 p-4 text-amber-900">{t.suspended}</p>}
      {demo.problem === "no-key" && <p className="mt-4 rounded-lg bg-amber-50 p-4 text-amber-900">{t.noKey}</p>}
      {demo.problem === "foreign-key" && <p className="mt-4 rounded-lg bg-red-50 p-4 text-red-900">{t.foreignKey}</p>}
      <h2 className="mt-8 text-lg font-semibold">{t.about}</h2>
      <p className="mt-2 text-slate-700">{t.aboutText}</p>
      {demo.widgetKey && <script src="/widget.js" data-key={demo.widgetKey} async />}
    </main>
  );
}
