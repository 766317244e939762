import "server-only";
import type { AuthOptions, CookiesOptions } from "next-auth";
import AzureADProvider from "next-auth/providers/azure-ad";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GitLabProvider from "next-auth/providers/gitlab";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { z } from "zod";
import { email as emailSchema } from "@/lib/schemas/users";
import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db/client";
import { env } from "../env";
import { verifyPassword } from "./passwords";
import { sessionSecret } from "./secrets";
import { createSession, endSession, sessionCookieName, type RequestMeta } from "./sessions";
import { clearFailedSignIns, recordFailedSignIn } from "./sign-in-throttle";

/** The sign-in errors the sign-in page explains (next-auth puts them in `?error=`). */
export const SIGN_IN_ERRORS = {
  CredentialsSignin: "The email or password is not right.",
  AccountDisabled: "This account is disabled. Ask an Owner to enable it.",
  NoAccount: "There is no Rampart account for that identity. Ask an Owner to create one with your email address.",
} as const;

const credentialsInput = z.object({ email: emailSchema, password: z.string().min(1).max(256) });

interface RampartUser {
  id: string;
  email: string;
  name: string;
  /** For OpenID Connect sign-ins: the Rampart user the identity belongs to. */
  rampartUserId?: string;
}

function cookies(): Partial<CookiesOptions> {
  const secure = env().secureCookies;
  const options = { httpOnly: true, sameSite: "lax" as const, path: "/", secure };
  const prefix = secure ? "__Secure-" : "";
  return {
    sessionToken: { name: sessionCookieName(), options },
    callbackUrl: { name: `${prefix}rampart.callback-url`, options },
    csrfToken: { name: `${secure ? "__Host-" : ""}rampart.csrf-token`, options },
    pkceCodeVerifier: { name: `${prefix}rampart.pkce`, options: { ...options, maxAge: 900 } },
    state: { name: `${prefix}rampart.state`, options: { ...options, maxAge: 900 } },
    nonce: { name: `${prefix}rampart.nonce`, options },
  };
}

function oidcProviders(): OAuthConfig<Record<string, unknown>>[] {
  const { entra, github, gitlab, oidc } = env().oidc;
  const providers: OAuthConfig<Record<string, unknown>>[] = [];
  if (entra) {
    providers.push(AzureADProvider({ clientId: entra.clientId, clientSecret: entra.clientSecret, tenantId: entra.tenantId }) as unknown as OAuthConfig<Record<string, unknown>>);
  }
  if (github) providers.push(GitHubProvider({ clientId: github.clientId, clientSecret: github.clientSecret }) as unknown as OAuthConfig<Record<string, unknown>>);
  if (gitlab) {
    providers.push(
      GitLabProvider({
        clientId: gitlab.clientId,
        clientSecret: gitlab.clientSecret,
        authorization: { url: `${gitlab.url}/oauth/authorize`, params: { scope: "read_user" } },
        token: `${gitlab.url}/oauth/token`,
        userinfo: `${gitlab.url}/api/v4/user`,
      }) as unknown as OAuthConfig<Record<string, unknown>>,
    );
  }
  if (oidc) {
    providers.push({
      id: "oidc",
      name: oidc.name,
      type: "oauth",
      wellKnown: `${oidc.issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`,
      clientId: oidc.clientId,
      clientSecret: oidc.clientSecret,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      // The ID token is verified; many issuers put email only in the userinfo answer,
      // so the profile is the ID token's claims completed by userinfo (same subject).
      userinfo: {
        async request({ tokens, client }) {
          // At run time `tokens` is openid-client's TokenSet, whose ID token was verified.
          const claims = (tokens as unknown as { claims(): Record<string, unknown> }).claims();
          if (claims.email) return claims;
          const info = (await client.userinfo(tokens as Parameters<typeof client.userinfo>[0])) as Record<string, unknown>;
          return { ...claims, email: info.email, email_verified: info.email_verified, name: claims.name ?? info.name };
        },
      },
      profile(p) {
        const claims = p as { sub: string; email?: string; email_verified?: boolean; name?: string; preferred_username?: string };
        return {
          id: claims.sub,
          // An address the issuer says is unverified is never used to find the account.
          email: claims.email_verified === false ? null : (claims.email ?? null),
          name: claims.name ?? claims.preferred_username ?? claims.email ?? claims.sub,
        };
      },
    });
  }
  return providers;
}

/** Which sign-in buttons the sign-in page shows. */
export function externalSignInProviders(): { id: string; name: string }[] {
  return oidcProviders().map((p) => ({ id: p.id, name: p.name }));
}

/** next-auth's options for one request (the request's address goes into the session and the audit log). */
export function authOptions(meta: RequestMeta): AuthOptions {
  const maxAge = env().sessionHours * 3600;
  return {
    secret: sessionSecret(),
    session: { strategy: "jwt", maxAge },
    jwt: { maxAge },
    useSecureCookies: env().secureCookies,
    cookies: cookies(),
    pages: { signIn: "/sign-in", error: "/sign-in", signOut: "/sign-in" },
    logger: {
      error: (code, metadata) => console.error(`[next-auth] ${code}`, metadata instanceof Error ? metadata.message : ""),
      warn: () => undefined,
      debug: () => undefined,
    },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials) {
          const parsed = credentialsInput.safeParse(credentials);
          if (!parsed.success) return null;
          const { email, password } = parsed.data;
          const user = await db.user.findUnique({ where: { email }, omit: { passwordHash: false } });
          const ok = await verifyPassword(user?.passwordHash, password);
          if (!ok || !user) {
            await recordFailedSignIn(email, meta.ip);
            await recordAuditEvent({ actor: { id: user?.id ?? null, email }, action: "auth.sign_in_failed", summary: `Failed sign-in for ${email}: wrong email or password`, meta });
            return null;
          }
          if (user.disabledAt) {
            await recordAuditEvent({ actor: { id: user.id, email }, action: "auth.sign_in_failed", summary: `Refused sign-in for ${email}: account disabled`, meta });
            throw new Error("AccountDisabled");
          }
          await clearFailedSignIns(email);
          return { id: user.id, email: user.email, name: user.name } satisfies RampartUser;
        },
      }),
      ...oidcProviders(),
    ],
    callbacks: {
      async signIn({ user, account }) {
        if (!account || account.provider === "credentials") return true;
        const link = await db.externalAccount.findUnique({
          where: { provider_providerAccountId: { provider: account.provider, providerAccountId: account.providerAccountId } },
          include: { user: true },
        });
        let rampartUser = link?.user ?? null;
        if (!rampartUser && user.email) {
          rampartUser = await db.user.findUnique({ where: { email: user.email.toLowerCase() } });
          if (rampartUser) {
            await db.externalAccount.create({ data: { userId: rampartUser.id, provider: account.provider, providerAccountId: account.providerAccountId } });
          }
        }
        const who = user.email ?? `${account.provider}:${account.providerAccountId}`;
        if (!rampartUser) {
          await recordAuditEvent({ actor: { id: null, email: who }, action: "auth.sign_in_failed", summary: `Refused ${account.provider} sign-in for ${who}: no Rampart account`, meta });
          return "/sign-in?error=NoAccount";
        }
        if (rampartUser.disabledAt) {
          await recordAuditEvent({ actor: { id: rampartUser.id, email: rampartUser.email }, action: "auth.sign_in_failed", summary: `Refused ${account.provider} sign-in for ${rampartUser.email}: account disabled`, meta });
          return "/sign-in?error=AccountDisabled";
        }
        (user as RampartUser).rampartUserId = rampartUser.id;
        return true;
      },
      async jwt({ token, user, account }) {
        if (!user) return token;
        const u = user as RampartUser;
        const userId = u.rampartUserId ?? u.id;
        const sid = await createSession(userId, meta);
        const email = (await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } })).email;
        await recordAuditEvent({
          actor: { id: userId, email },
          action: "auth.sign_in",
          summary: `${email} signed in with ${account?.provider === "credentials" ? "a password" : (account?.provider ?? "unknown")}`,
          meta,
        });
        return { sid };
      },
      session({ session }) {
        // The browser never needs more than "signed in"; pages read the caller on the server.
        return { expires: session.expires };
      },
    },
    events: {
      async signOut({ token }) {
        const sid = typeof token?.sid === "string" ? token.sid : null;
        const ended = sid ? await endSession(sid) : null;
        if (ended) {
          await recordAuditEvent({ actor: { id: ended.userId, email: ended.email }, action: "auth.sign_out", summary: `${ended.email} signed out`, meta });
        }
      },
    },
  };
}
