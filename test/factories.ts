/**
 * Builders shared by the integration tests: users with role assignments,
 * subscriptions, resource groups, connectors, and signed-in sessions.
 */
import { encode } from "next-auth/jwt";
import type { RoleName } from "@/lib/auth/permissions";
import { newApiToken } from "@/lib/server/api-tokens/token-secret";
import { hashPassword } from "@/lib/server/auth/passwords";
import { sessionSecret } from "@/lib/server/auth/secrets";
import { createSession } from "@/lib/server/auth/sessions";
import { seal } from "@/lib/server/crypto/secret-box";
import { db } from "@/lib/server/db/client";
import type { Prisma } from "@/lib/server/db/generated/client";

let counter = 0;
const next = () => ++counter;

export type ScopeSpec =
  | { type: "WORKSPACE" }
  | { type: "SUBSCRIPTION"; id: string }
  | { type: "RESOURCE_GROUP"; id: string }
  | { type: "CONNECTOR"; id: string };

export async function makeSubscription(name = `Subscription ${next()}`) {
  return db.subscription.create({ data: { name } });
}

export async function makeResourceGroup(subscriptionId: string, name = `rg-${next()}`) {
  return db.resourceGroup.create({ data: { subscriptionId, name } });
}

/** A completed consent as the OAuth callback stores it (tokens sealed), made by `createdById`. */
export async function makeAuthorization(createdById: string, options: { provider?: "GITHUB" | "GITLAB" | "AZURE_DEVOPS"; host?: string; accessToken?: string } = {}) {
  return db.providerAuthorization.create({
    data: {
      provider: options.provider ?? "GITHUB",
      host: options.host ?? "sandbox",
      identityId: `id-${next()}`,
      identityLogin: "octo-admin",
      identityName: "Octo Admin",
      scopes: ["repo"],
      accessToken: seal(options.accessToken ?? `gho_test_${next()}`, "access-token"),
      createdById,
    },
  });
}

export async function makeConnector(resourceGroupId: string, name = `conn-${next()}`, options: { authorizationId?: string; provider?: "GITHUB" | "GITLAB" | "AZURE_DEVOPS" } = {}) {
  return db.connector.create({
    data: { resourceGroupId, name, provider: options.provider ?? "GITHUB", host: "sandbox", scanners: ["eslint", "secrets"], scanScopeEntries: [], authorizationId: options.authorizationId },
  });
}

/** A repository as discovery would record it, in the connector's provider. */
export async function makeRepositoryOf(connector: { id: string; provider: "GITHUB" | "GITLAB" | "AZURE_DEVOPS" }, name = `repo-${next()}`) {
  const ado = connector.provider === "AZURE_DEVOPS";
  return db.repository.create({
    data: {
      connectorId: connector.id,
      provider: connector.provider,
      externalId: `ext-${next()}`,
      organizationExternalId: "org-1",
      organizationName: "contoso-web",
      projectPath: ado ? "Storefront" : null,
      name,
      nameKey: name.toLowerCase(),
      fullName: ado ? `contoso-web/Storefront/${name}` : `contoso-web/${name}`,
      url: `https://example.test/contoso-web/${name}`,
      visibility: "private",
      prAnnotations: ado ? "OFF" : "NOT_AVAILABLE",
    },
  });
}

/** A repository as discovery records it (GitHub, under organization "contoso-web"); `data` overrides any column. */
export async function makeRepository(connectorId: string, name = `repo-${next()}`, data: Partial<Prisma.RepositoryUncheckedCreateInput> = {}) {
  const organization = data.organizationName ?? "contoso-web";
  return db.repository.create({
    data: {
      connectorId,
      provider: "GITHUB",
      externalId: `ext-${name}`,
      organizationExternalId: `org-${organization}`,
      organizationName: organization,
      name,
      nameKey: name.toLowerCase(),
      fullName: `${organization}/${name}`,
      url: `https://github.example.test/${organization}/${name}`,
      defaultBranch: "main",
      visibility: "private",
      ...data,
    },
  });
}

export const TEST_PASSWORD = "correct-horse-battery";
let passwordHash: Promise<string> | undefined;

export async function makeUser(options: { role?: RoleName; scope?: ScopeSpec; email?: string; disabled?: boolean; name?: string } = {}) {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const n = next();
  const scope = options.scope ?? { type: "WORKSPACE" };
  return db.user.create({
    data: {
      email: options.email ?? `user${n}@example.test`,
      name: options.name ?? `User ${n}`,
      passwordHash: await passwordHash,
      disabledAt: options.disabled ? new Date() : null,
      roleAssignments: options.role
        ? {
            create: {
              role: options.role,
              scopeType: scope.type,
              subscriptionId: scope.type === "SUBSCRIPTION" ? scope.id : null,
              resourceGroupId: scope.type === "RESOURCE_GROUP" ? scope.id : null,
              connectorId: scope.type === "CONNECTOR" ? scope.id : null,
            },
          }
        : undefined,
    },
  });
}

/** A session cookie value exactly as next-auth writes it at sign-in: an encrypted JWT naming a session row. */
export async function signedInCookie(userId: string): Promise<string> {
  const sid = await createSession(userId, { ip: "127.0.0.1", userAgent: "vitest" });
  return encode({ token: { sid }, secret: sessionSecret() });
}

export async function userWithSession(options: Parameters<typeof makeUser>[0] = {}) {
  const user = await makeUser(options);
  return { user, cookie: await signedInCookie(user.id) };
}

/**
 * An API token as creation stores it (no authorization check: the tests of creation go
 * through the API). Answers the row and the token to send as `Authorization: Bearer …`.
 */
export async function makeApiToken(options: {
  createdById: string;
  permission?: "READ" | "UPLOAD";
  scopes?: ScopeSpec[];
  name?: string;
  expiresAt?: Date;
  revokedAt?: Date;
}) {
  const { token, prefix, hash } = newApiToken();
  const row = await db.apiToken.create({
    data: {
      name: options.name ?? `token ${next()}`,
      prefix,
      hash,
      permission: options.permission ?? "READ",
      expiresAt: options.expiresAt ?? new Date(Date.now() + 30 * 24 * 3600_000),
      revokedAt: options.revokedAt ?? null,
      createdById: options.createdById,
      scopes: {
        create: (options.scopes ?? [{ type: "WORKSPACE" }]).map((scope) => ({
          scopeType: scope.type,
          subscriptionId: scope.type === "SUBSCRIPTION" ? scope.id : null,
          resourceGroupId: scope.type === "RESOURCE_GROUP" ? scope.id : null,
          connectorId: scope.type === "CONNECTOR" ? scope.id : null,
        })),
      },
    },
  });
  return { token, row };
}

/** A finding as ingestion stores it (open, ESLint, code, medium unless `data` says otherwise). */
export async function makeFinding(repositoryId: string, data: Partial<Prisma.FindingUncheckedCreateInput> = {}) {
  const n = next();
  return db.finding.create({
    data: {
      repositoryId,
      type: "CODE",
      severity: "MEDIUM",
      tool: "ESLint",
      ruleId: "no-eval",
      title: "eval can be harmful",
      path: `src/file-${n}.js`,
      startLine: n,
      fingerprint: `fingerprint-${n}`,
      ...data,
    },
  });
}
