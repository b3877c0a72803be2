import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import "./globals.css";

// Replaced by the visitor's or tenant's locale once i18n lands.
const DEFAULT_LOCALE = "en";

export const metadata: Metadata = {
  title: "Frontdesk",
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
