import "server-only";
import type { RoleName } from "@/lib/auth/permissions";

/**
 * Demo mode's accounts. Their passwords are public on purpose: demo mode listens on
 * loopback only, prints them at start and shows them on the sign-in page.
 */
export interface DemoAccount {
  email: string;
  name: string;
  password: string;
  role: RoleName;
  /** Scoped to the demo's "Contoso Production" subscription instead of the workspace. */
  scopedToSubscription?: boolean;
}

export const DEMO_SUBSCRIPTIONS = [
  { name: "Contoso Production", resourceGroups: ["devops-security", "payments"] },
  { name: "Contoso Development", resourceGroups: ["sandbox"] },
] as const;

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { email: "owner@demo.rampart.local", name: "Olivia Owner", password: "rampart-demo-owner", role: "OWNER" },
  { email: "contributor@demo.rampart.local", name: "Carlos Contributor", password: "rampart-demo-contributor", role: "CONTRIBUTOR" },
  { email: "admin@demo.rampart.local", name: "Sam Security-Admin", password: "rampart-demo-admin", role: "SECURITY_ADMIN" },
  { email: "reader@demo.rampart.local", name: "Morgan Manager", password: "rampart-demo-reader", role: "SECURITY_READER" },
  {
    email: "prod-reader@demo.rampart.local",
    name: "Priya Production-Reader",
    password: "rampart-demo-prod-reader",
    role: "SECURITY_READER",
    scopedToSubscription: true,
  },
];
