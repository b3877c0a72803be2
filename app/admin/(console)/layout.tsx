import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AdminShell } from "@/components/admin/admin-shell";
import { requirePlatformAdminPage } from "@/lib/auth";

// The support console's frame. Each page checks access and audits its own
// read; the layout only draws the shell (layouts are not re-run on navigation).
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: { default: "Platform console", template: "%s · Platform console" } };

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const admin = await requirePlatformAdminPage();
  return <AdminShell adminEmail={admin.email}>{children}</AdminShell>;
}
