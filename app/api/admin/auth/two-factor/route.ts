import { NextResponse } from "next/server";
import QRCode from "qrcode";
import { readJson, withPlatformAdminSetup } from "@/lib/auth";
import { confirmAdminTwoFactor, startAdminTwoFactor } from "@/lib/auth/admin-two-factor";
import { twoFactorConfirmSchema } from "@/lib/auth/two-factor-account";

const NO_STORE = { "cache-control": "no-store" };

/** A new secret, as a QR code and as text, sealed for the confirmation. */
export const POST = withPlatformAdminSetup({ purpose: () => ({ action: "admin.two_factor_setup_started" }) }, async (_request, ctx) => {
  const setup = await startAdminTwoFactor(ctx.admin, ctx.db);
  const qrSvg = await QRCode.toString(setup.uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return NextResponse.json({ ...setup, qrSvg }, { headers: NO_STORE });
});

/** A current code stores the factor; the ten recovery codes are shown once. */
export const PUT = withPlatformAdminSetup(
  // Parsed before the audit: a malformed confirmation is a 400 that writes nothing.
  { purpose: async (request) => (await readJson(request, twoFactorConfirmSchema), { action: "admin.two_factor_enabled" }) },
  async (request, ctx) => NextResponse.json(await confirmAdminTwoFactor(ctx.admin, ctx.db, await readJson(request, twoFactorConfirmSchema)), { headers: NO_STORE }),
);
