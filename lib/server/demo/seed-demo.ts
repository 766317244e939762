import "server-only";
import { db } from "../db/client";
import { createUser } from "../users/create-user";
import { DEMO_ACCOUNTS, DEMO_SUBSCRIPTIONS } from "./demo-accounts";

/**
 * Creates what demo mode shows: two subscriptions with resource groups and an account
 * for every role. Safe to run at every start: what exists is left as it is.
 */
export async function seedDemo(): Promise<{ createdAccounts: number }> {
  const actor = { id: null, email: "demo-mode" };
  for (const s of DEMO_SUBSCRIPTIONS) {
    const subscription = await db.subscription.upsert({ where: { name: s.name }, create: { name: s.name }, update: {} });
    for (const name of s.resourceGroups) {
      await db.resourceGroup.upsert({
        where: { subscriptionId_name: { subscriptionId: subscription.id, name } },
        create: { subscriptionId: subscription.id, name },
        update: {},
      });
    }
  }
  const production = await db.subscription.findUniqueOrThrow({ where: { name: DEMO_SUBSCRIPTIONS[0].name } });
  let createdAccounts = 0;
  for (const account of DEMO_ACCOUNTS) {
    if (await db.user.findUnique({ where: { email: account.email }, select: { id: true } })) continue;
    await createUser({
      input: {
        email: account.email,
        name: account.name,
        password: account.password,
        roleAssignments: [
          { role: account.role, scope: account.scopedToSubscription ? { type: "SUBSCRIPTION", id: production.id } : { type: "WORKSPACE" } },
        ],
      },
      actor,
      isDemo: true,
    });
    createdAccounts++;
  }
  return { createdAccounts };
}
