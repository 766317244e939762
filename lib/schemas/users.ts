import { z } from "zod";
import { ROLES, SCOPE_TYPES } from "@/lib/auth/permissions";

/** Request and response shapes of users and role assignments, shared by the API, the UI and tests. */

export const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "must be at most 254 characters")
  .pipe(z.email("must be an email address"));

export const PASSWORD_MIN = 12;
export const password = z
  .string()
  .min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`)
  .max(256, "must be at most 256 characters");

export const displayName = z.string().trim().min(1, "is required").max(100, "must be at most 100 characters");

export const uuid = z.uuid("is not a valid id");

export const scopeInput = z.discriminatedUnion("type", [
  z.object({ type: z.literal("WORKSPACE") }),
  z.object({ type: z.literal("SUBSCRIPTION"), id: uuid }),
  z.object({ type: z.literal("RESOURCE_GROUP"), id: uuid }),
  z.object({ type: z.literal("CONNECTOR"), id: uuid }),
]);
export type ScopeInput = z.infer<typeof scopeInput>;

export const roleAssignmentInput = z.object({
  role: z.enum(ROLES),
  scope: scopeInput,
});
export type RoleAssignmentInput = z.infer<typeof roleAssignmentInput>;

export const createUserInput = z.object({
  email,
  name: displayName,
  /** Left out: the server generates one and answers it once. */
  password: password.optional(),
  roleAssignments: z.array(roleAssignmentInput).max(50).default([]),
});
export type CreateUserInput = z.input<typeof createUserInput>;

export const updateUserInput = z
  .object({
    name: displayName.optional(),
    disabled: z.boolean().optional(),
  })
  .refine((v) => v.name !== undefined || v.disabled !== undefined, "Send name or disabled.");

export const setupInput = z.object({ email, name: displayName, password });
export type SetupInput = z.infer<typeof setupInput>;

export const preferencesInput = z.object({ theme: z.enum(["LIGHT", "DARK"]) });

export interface RoleAssignmentView {
  id: string;
  role: (typeof ROLES)[number];
  scope: { type: (typeof SCOPE_TYPES)[number]; id: string | null; name: string };
  createdAt: string;
}

export interface UserView {
  id: string;
  email: string;
  name: string;
  disabled: boolean;
  hasPassword: boolean;
  lastSignInAt: string | null;
  createdAt: string;
  roleAssignments: RoleAssignmentView[];
}
