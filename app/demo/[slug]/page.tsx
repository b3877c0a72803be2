import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { loadWidgetDemo } from "@/lib/channels";
import { pagePathParams, pageQueryValue } from "@/lib/http";

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
  const fr = demo.locale === "fr";

  return (
    <main lang={demo.locale} className="mx-auto max-w-2xl px-6 py-16">
      <p className="text-sm font-semibold text-brand-700">{fr ? "Démo du widget" : "Widget demo"}</p>
      <h1 className="mt-2 text-3xl font-bold tracking-tight">{demo.businessName}</h1>
      {demo.address && <p className="mt-2 text-ink-muted">{demo.address}</p>}
      <p className="mt-8">
        {fr
          ? "Cette page embarque le chat comme le ferait le site de l'entreprise. Ouvrez la bulle en bas à droite."
          : "This page embeds the chat the way the business's own site would. Open the bubble at the bottom right."}
      </p>
      {!demo.serving && (
        <p className="mt-4 rounded-lg bg-amber-50 p-4 text-amber-900">
          {fr ? "Ce compte est suspendu : le chat répondra qu'il n'est pas disponible." : "This account is suspended: the chat will answer that it is unavailable."}
        </p>
      )}
      {demo.problem === "no-key" && (
        <p className="mt-4 rounded-lg bg-amber-50 p-4 text-amber-900">
          Add <code>?key=&lt;widget key&gt;</code> to this address to embed the widget (in development the seeded demo key is used).
        </p>
      )}
      {demo.problem === "foreign-key" && (
        <p className="mt-4 rounded-lg bg-red-50 p-4 text-red-900">
          This widget key is unknown, revoked, or belongs to another business: the widget is not embedded.
        </p>
      )}
      {demo.widgetKey && (
        <>
          <pre className="mt-8 overflow-x-auto rounded-lg bg-slate-900 p-4 text-sm text-slate-100">
            {`<script src="${demo.scriptUrl}" data-key="${demo.widgetKey}" async></script>`}
          </pre>
          <script src="/widget.js" data-key={demo.widgetKey} data-locale={demo.locale} async />
        </>
      )}
    </main>
  );
}
