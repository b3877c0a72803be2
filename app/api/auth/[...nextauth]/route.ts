import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions, nextAuthRequest } from "@/lib/auth";
import { publicRoute } from "@/lib/http";

type Context = { params: Promise<{ nextauth: string[] }> };

// Options are built per request so a missing AUTH_SECRET fails the request
// that needs it, not `next build`. Apex only, body read by lib/http's reader
// first (see nextAuthRequest).
const handler = publicRoute(async (request: NextRequest, context: Context) =>
  NextAuth(await nextAuthRequest(request), context, authOptions()),
);

export { handler as GET, handler as POST };
