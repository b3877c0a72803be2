import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { getPublicLocale } from "@/lib/i18n/public-locale";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Frontdesk", template: "%s · Frontdesk" },
  description:
    "An AI receptionist for small businesses that answers every call, WhatsApp message and web chat, and books the appointment.",
};

// <html lang> from the visitor's switch or Accept-Language; the tenant
// console corrects it once it knows the workspace's language
// (components/tenant/document-language.tsx).
export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getPublicLocale();
  return (
    <html lang={locale}>
      <body className="min-h-dvh font-sans">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
