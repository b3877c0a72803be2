import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import "./globals.css";

// The public pages are in English; the tenant console sets its own language
// (components/tenant/document-language.tsx).
const DEFAULT_LOCALE = "en";

export const metadata: Metadata = {
  title: { default: "Frontdesk", template: "%s · Frontdesk" },
  description:
    "An AI receptionist for small businesses that answers every call, WhatsApp message and web chat, and books the appointment.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang={DEFAULT_LOCALE}>
      <body className="min-h-dvh font-sans">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
