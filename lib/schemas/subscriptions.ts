import { z } from "zod";

/** Subscriptions and resource groups: names as Azure allows them, ids as the API answers them. */

export const containerName = z
  .string()
  .trim()
  .min(1, "is required")
  .max(90, "must be at most 90 characters")
  .regex(/^[\w\-.() ]+$/u, "may contain letters, digits, spaces, and - _ . ( ) only")
  .refine((v) => !v.endsWith("."), "must not end with a period");

export const nameInput = z.object({ name: containerName });

export interface ResourceGroupView {
  id: string;
  name: string;
  subscriptionId: string;
  createdAt: string;
}

export interface SubscriptionView {
  id: string;
  name: string;
  createdAt: string;
  resourceGroups: ResourceGroupView[];
}
