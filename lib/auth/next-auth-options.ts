import "server-only";
import type { NextAuthOptions, User } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GoogleProvider from "next-auth/providers/google";
import AzureADProvider from "next-auth/providers/azure-ad";
import type { Provider } from "next-auth/providers/index";
import { isOwnHost } from "@/lib/tenancy/tenant-host";
import { normalizeEmail } from "./credentials-rules";
import { findUserByEmail } from "./identity-store";
import { requestInfo } from "./request-info";
import { hasSecondFactor } from "./second-factor";
import { SignInError, signInWithPassword, startSession } from "./sign-in";
import { SESSION_MAX_AGE_SECONDS, authSecret, claimsFromJwt, sessionCookieName, sessionCookieOptions, secureCookiesEnabled, type SessionClaims } from "./session-token";

/*
 * next-auth runs on the apex only: it signs the user in (credentials, or
 * Google / Microsoft when configured) and issues the apex cookie. Tenant
 * hosts get theirs through the hand-off (session-handoff.ts).
 */

type SignedInUser = User & { claims: SessionClaims };

function oauthProviders(env = process.env): Provider[] {
  const providers: Provider[] = [];
  if (env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET) {
    providers.push(GoogleProvider({ clientId: env.GOOGLE_CLIENT_ID, clientSecret: env.GOOGLE_CLIENT_SECRET }));
  }
  if (env.AZURE_AD_CLIENT_ID && env.AZURE_AD_CLIENT_SECRET) {
    providers.push(
      AzureADProvider({
        clientId: env.AZURE_AD_CLIENT_ID,
        clientSecret: env.AZURE_AD_CLIENT_SECRET,
        tenantId: env.AZURE_AD_TENANT_ID || "common",
      }),
    );
  }
  return providers;
}

export function enabledOAuthProviders(): Array<{ id: string; name: string }> {
  return oauthProviders().map((p) => ({ id: p.id, name: p.name }));
}

export function authOptions(): NextAuthOptions {
  return {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    jwt: { maxAge: SESSION_MAX_AGE_SECONDS },
    useSecureCookies: secureCookiesEnabled(),
    cookies: {
      sessionToken: { name: sessionCookieName(), options: sessionCookieOptions() },
    },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
          code: { label: "Authentication code", type: "text" },
        },
        async authorize(credentials, req) {
          try {
            const claims = await signInWithPassword(
              { email: credentials?.email, password: credentials?.password, code: credentials?.code },
              requestInfo(req.headers ?? {}),
            );
            return { id: claims.sub, name: claims.name, email: claims.email, claims } satisfies SignedInUser;
          } catch (error) {
            // The error's message is what next-auth hands back to the form.
            if (error instanceof SignInError) throw new Error(error.code);
            throw error;
          }
        },
      }),
      ...oauthProviders(),
    ],
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.type !== "oauth") return true;
        // OAuth signs in existing accounts only (matched on a verified
        // email); creating a tenant always goes through sign-up.
        const verified = (profile as { email_verified?: boolean } | undefined)?.email_verified !== false;
        const email = user.email ? normalizeEmail(user.email) : null;
        const found = email && verified ? await findUserByEmail(email) : null;
        // A second factor cannot be asked for on this path: such accounts sign in with their password and code.
        if (found && (await hasSecondFactor(found.id))) return "/sign-in?error=two_factor_password";
        return !!found;
      },
      async jwt({ token, user, account }) {
        if (user && "claims" in user) return { ...(user as SignedInUser).claims };
        if (user && account?.type === "oauth" && user.email) {
          const found = await findUserByEmail(normalizeEmail(user.email));
          if (!found) throw new Error("invalid_credentials");
          return { ...(await startSession(found, { ip: null, requestId: null, userAgent: null })) };
        }
        return token;
      },
      async session({ session, token }) {
        const claims = claimsFromJwt(token);
        return { ...session, user: { name: claims?.name, email: claims?.email } };
      },
      async redirect({ url, baseUrl }) {
        // Anything on the apex or a tenant subdomain; elsewhere is refused.
        try {
          const target = new URL(url, baseUrl);
          return isOwnHost(target.host) ? target.toString() : baseUrl;
        } catch {
          return baseUrl;
        }
      },
    },
  };
}
