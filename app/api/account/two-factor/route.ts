import { NextResponse } from "next/server";
import QRCode from "qrcode";
import { readJson, withTenantUser } from "@/lib/auth";
import {
  confirmTwoFactorSetup,
  disableTwoFactor,
  startTwoFactorSetup,
  twoFactorConfirmSchema,
  twoFactorDisableSchema,
} from "@/lib/auth/two-factor-account";

const NO_STORE = { "cache-control": "no-store" };

/** Starts setting up two-factor: a new secret, as a QR code and as text, sealed for the confirmation. */
export const POST = withTenantUser({ action: "account.security" }, async (_request, ctx) => {
  const setup = await startTwoFactorSetup(ctx);
  const qrSvg = await QRCode.toString(setup.uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return NextResponse.json({ ...setup, qrSvg }, { headers: NO_STORE });
});

/** Confirms with a current code: the factor is stored and the recovery codes are shown, once. */
export const PUT = withTenantUser({ action: "account.security" }, async (request, ctx) =>
  NextResponse.json(await confirmTwoFactorSetup(ctx, await readJson(request, twoFactorConfirmSchema)), { headers: NO_STORE }),
);

export const DELETE = withTenantUser({ action: "account.security" }, async (request, ctx) => {
  await disableTwoFactor(ctx, await readJson(request, twoFactorDisableSchema));
  return new NextResponse(null, { status: 204 });
});
