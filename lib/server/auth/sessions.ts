import "server-only";
import { randomBytes } from "node:crypto";
import { decode } from "next-auth/jwt";
import type { RoleName, ScopeTypeName } from "@/lib/auth/permissions";
import { db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { rawRows } from "../db/raw-rows";
import { env } from "../env";
import type { Caller } from "../authz/caller";
import type { Assignment } from "../authz/scope";
import { scopePathInclude, scopePathOf, type ScopeRow } from "../authz/scope-rows";
import { cachedCaller, forgetCallers } from "./caller-cache";
import { sessionSecret } from "./secrets";

/**
 * Sessions are rows. The next-auth cookie is an encrypted JWT that carries only the
 * row's id (`sid`), and requests read the row, the user and their role assignments,
 * kept for two seconds (caller-cache.ts): signing out, disabling a user or changing a
 * role takes effect on the next request in this process, and within two seconds in others.
 */

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export function sessionCookieName(): string {
  return env().secureCookies ? "__Secure-rampart.session-token" : "rampart.session-token";
}

export async function createSession(userId: string, meta: RequestMeta): Promise<string> {
  const id = randomBytes(32).toString("base64url");
  const hours = env().sessionHours;
  await db.$transaction([
    db.session.create({
      data: {
        id,
        userId,
        expiresAt: new Date(Date.now() + hours * 3600_000),
        ip: meta.ip,
        userAgent: meta.userAgent?.slice(0, 512) ?? null,
      },
    }),
    db.user.update({ where: { id: userId }, data: { lastSignInAt: new Date() } }),
  ]);
  return id;
}

export async function endSession(sessionId: string): Promise<{ userId: string; email: string } | null> {
  const session = await db.session.findUnique({ where: { id: sessionId }, include: { user: { select: { email: true } } } });
  if (!session) return null;
  await db.session.delete({ where: { id: sessionId } });
  forgetCallers();
  return { userId: session.userId, email: session.user.email };
}

/** Signs a user out everywhere (used when they are disabled or their password is reset). */
export async function endAllSessions(userId: string): Promise<number> {
  const { count } = await db.session.deleteMany({ where: { userId } });
  forgetCallers();
  return count;
}

/** The session id inside a session cookie, or null when the cookie is missing, forged or expired. */
export async function sessionIdFromCookie(cookieValue: string | undefined): Promise<string | null> {
  if (!cookieValue) return null;
  try {
    const token = await decode({ token: cookieValue, secret: sessionSecret() });
    return typeof token?.sid === "string" ? token.sid : null;
  } catch {
    return null;
  }
}

const TOUCH_EVERY_MS = 5 * 60_000;

interface SessionRow {
  revokedAt: Date | null;
  expiresAt: Date;
  lastSeenAt: Date;
  userId: string;
  email: string;
  name: string;
  theme: Caller["user"]["theme"];
  disabledAt: Date | null;
  /** One row per role assignment (nulls when the user has none), with its containers' ids. */
  assignmentId: string | null;
  role: RoleName | null;
  scopeType: ScopeTypeName | null;
  subscriptionId: string | null;
  resourceGroupId: string | null;
  connectorId: string | null;
  groupSubscriptionId: string | null;
  connectorGroupId: string | null;
  connectorSubscriptionId: string | null;
}

/**
 * Loads the caller behind a session id, or null when the session is over. Every request
 * of the console and the API starts here, so it is one round trip: the session, its user
 * and their role assignments with the containers above each (a connector's resource group
 * and subscription), one row per assignment; scopePathOf turns them into paths as it does
 * for API tokens.
 */
export async function callerFromSession(sessionId: string): Promise<Caller | null> {
  return (await loadSessionCaller(sessionId)).caller;
}

async function loadSessionCaller(sessionId: string): Promise<{ caller: Caller | null; expiresAt: number }> {
  const rows = await rawRows<SessionRow>(Prisma.sql`
    SELECT s."revokedAt", s."expiresAt", s."lastSeenAt", u.id::text AS "userId", u.email, u.name, u.theme, u."disabledAt",
           a.id::text AS "assignmentId", a.role, a."scopeType", a."subscriptionId"::text AS "subscriptionId",
           a."resourceGroupId"::text AS "resourceGroupId", a."connectorId"::text AS "connectorId",
           rg."subscriptionId"::text AS "groupSubscriptionId", c."resourceGroupId"::text AS "connectorGroupId",
           crg."subscriptionId"::text AS "connectorSubscriptionId"
    FROM "Session" s
    JOIN "User" u ON u.id = s."userId"
    LEFT JOIN "RoleAssignment" a ON a."userId" = u.id
    LEFT JOIN "ResourceGroup" rg ON rg.id = a."resourceGroupId"
    LEFT JOIN "Connector" c ON c.id = a."connectorId"
    LEFT JOIN "ResourceGroup" crg ON crg.id = c."resourceGroupId"
    WHERE s.id = ${sessionId}
    ORDER BY a."createdAt", a.id`);
  const session = rows[0];
  const now = Date.now();
  if (!session || session.revokedAt || session.expiresAt.getTime() <= now || session.disabledAt) return { caller: null, expiresAt: Infinity };
  if (now - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.session.update({ where: { id: sessionId }, data: { lastSeenAt: new Date(now) } });
  }
  const caller = userCaller(sessionId, {
    id: session.userId,
    email: session.email,
    name: session.name,
    theme: session.theme,
    roleAssignments: rows.flatMap((a) =>
      a.assignmentId && a.role && a.scopeType
        ? [
            {
              id: a.assignmentId,
              role: a.role,
              scopeType: a.scopeType,
              subscriptionId: a.subscriptionId,
              resourceGroupId: a.resourceGroupId,
              connectorId: a.connectorId,
              resourceGroup: a.groupSubscriptionId ? { subscriptionId: a.groupSubscriptionId } : null,
              connector:
                a.connectorGroupId && a.connectorSubscriptionId
                  ? { resourceGroupId: a.connectorGroupId, resourceGroup: { subscriptionId: a.connectorSubscriptionId } }
                  : null,
            },
          ]
        : [],
    ),
  });
  return { caller, expiresAt: session.expiresAt.getTime() };
}

const userWithAssignments = { roleAssignments: { include: scopePathInclude } } as const;

interface UserWithAssignments {
  id: string;
  email: string;
  name: string;
  theme: "LIGHT" | "DARK";
  roleAssignments: (ScopeRow & { role: string })[];
}

function userCaller(sessionId: string | null, user: UserWithAssignments): Caller {
  return {
    sessionId,
    user: { id: user.id, email: user.email, name: user.name, theme: user.theme },
    assignments: user.roleAssignments.map((a): Assignment => ({ ...scopePathOf(a), role: a.role as RoleName })),
  };
}

/**
 * A user as a caller without a session, for the command line acting on a user's authority
 * (`rampart admin create-token --created-by`). Null when there is no such enabled user.
 */
export async function callerForUser(userId: string): Promise<Caller | null> {
  const user = await db.user.findUnique({ where: { id: userId }, include: userWithAssignments });
  return user && !user.disabledAt ? userCaller(null, user) : null;
}

export async function callerFromCookie(cookieValue: string | undefined): Promise<Caller | null> {
  if (!cookieValue) return null;
  return cachedCaller(cookieValue, async () => {
    const sid = await sessionIdFromCookie(cookieValue);
    return sid ? loadSessionCaller(sid) : { caller: null, expiresAt: 0 };
  });
}
