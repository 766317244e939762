import "server-only";
import type { RoleName, ScopeTypeName } from "@/lib/auth/permissions";
import type { RoleAssignmentView, UserView } from "@/lib/schemas/users";

/** The Prisma `include` that `toUserView` needs. */
export const userViewInclude = {
  roleAssignments: {
    orderBy: { createdAt: "asc" },
    include: {
      subscription: { select: { name: true } },
      resourceGroup: { select: { name: true, subscription: { select: { name: true } } } },
      connector: { select: { name: true, resourceGroup: { select: { name: true, subscription: { select: { name: true } } } } } },
    },
  },
} as const;

interface LoadedAssignment {
  id: string;
  role: string;
  scopeType: string;
  subscriptionId: string | null;
  resourceGroupId: string | null;
  connectorId: string | null;
  createdAt: Date;
  subscription: { name: string } | null;
  resourceGroup: { name: string; subscription: { name: string } } | null;
  connector: { name: string; resourceGroup: { name: string; subscription: { name: string } } } | null;
}

export function toAssignmentView(a: LoadedAssignment): RoleAssignmentView {
  const name =
    a.scopeType === "WORKSPACE"
      ? "Workspace"
      : a.subscription
        ? a.subscription.name
        : a.resourceGroup
          ? `${a.resourceGroup.subscription.name} / ${a.resourceGroup.name}`
          : a.connector
            ? `${a.connector.resourceGroup.subscription.name} / ${a.connector.resourceGroup.name} / ${a.connector.name}`
            : "(removed)";
  return {
    id: a.id,
    role: a.role as RoleName,
    scope: { type: a.scopeType as ScopeTypeName, id: a.subscriptionId ?? a.resourceGroupId ?? a.connectorId, name },
    createdAt: a.createdAt.toISOString(),
  };
}

export function toUserView(user: {
  id: string;
  email: string;
  name: string;
  disabledAt: Date | null;
  passwordHash: string | null;
  lastSignInAt: Date | null;
  createdAt: Date;
  roleAssignments: LoadedAssignment[];
}): UserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    disabled: user.disabledAt !== null,
    hasPassword: user.passwordHash !== null,
    lastSignInAt: user.lastSignInAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
    roleAssignments: user.roleAssignments.map(toAssignmentView),
  };
}
