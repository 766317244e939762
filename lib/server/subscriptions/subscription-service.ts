import "server-only";
import type { ResourceGroupView, SubscriptionView } from "@/lib/schemas/subscriptions";
import { conflict, notFound } from "../api/errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { RequestMeta } from "../auth/sessions";
import { assertAccess, type Caller } from "../authz/caller";
import { isVisible, visibleResourceGroupsWhere, visibleSubscriptionsWhere } from "../authz/scope";
import { db } from "../db/client";

/**
 * Subscriptions and resource groups: the containers that connectors live in and that
 * roles are scoped to. Every read is filtered by what the caller may see, and an id
 * outside that is a 404.
 */

const actorOf = (caller: Caller) => ({ id: caller.user.id, email: caller.user.email });

function rgView(g: { id: string; name: string; subscriptionId: string; createdAt: Date }): ResourceGroupView {
  return { id: g.id, name: g.name, subscriptionId: g.subscriptionId, createdAt: g.createdAt.toISOString() };
}

export async function listSubscriptions(caller: Caller): Promise<SubscriptionView[]> {
  const subscriptions = await db.subscription.findMany({
    where: visibleSubscriptionsWhere(caller.assignments),
    orderBy: { name: "asc" },
    include: { resourceGroups: { where: visibleResourceGroupsWhere(caller.assignments), orderBy: { name: "asc" } } },
  });
  return subscriptions.map((s) => ({ id: s.id, name: s.name, createdAt: s.createdAt.toISOString(), resourceGroups: s.resourceGroups.map(rgView) }));
}

export async function getSubscription(caller: Caller, id: string): Promise<SubscriptionView> {
  if (!isVisible(caller.assignments, { subscriptionId: id })) throw notFound("The subscription");
  const found = (await listSubscriptions(caller)).find((s) => s.id === id);
  if (!found) throw notFound("The subscription");
  return found;
}

async function assertUniqueSubscriptionName(name: string, exceptId?: string) {
  const clash = await db.subscription.findFirst({ where: { name: { equals: name, mode: "insensitive" }, NOT: exceptId ? { id: exceptId } : undefined } });
  if (clash) throw conflict(`A subscription named "${clash.name}" already exists.`);
}

export async function createSubscription(caller: Caller, name: string, meta: RequestMeta): Promise<SubscriptionView> {
  assertAccess(caller, "subscriptions.create");
  await assertUniqueSubscriptionName(name);
  const created = await db.$transaction(async (tx) => {
    const s = await tx.subscription.create({ data: { name } });
    await recordAuditEvent({ actor: actorOf(caller), action: "subscription.create", summary: `Created subscription "${name}"`, target: { type: "subscription", id: s.id }, meta }, tx);
    return s;
  });
  return { id: created.id, name: created.name, createdAt: created.createdAt.toISOString(), resourceGroups: [] };
}

export async function renameSubscription(caller: Caller, id: string, name: string, meta: RequestMeta): Promise<SubscriptionView> {
  assertAccess(caller, "subscriptions.update", { subscriptionId: id }, "The subscription");
  const current = await db.subscription.findUnique({ where: { id } });
  if (!current) throw notFound("The subscription");
  if (current.name !== name) {
    await assertUniqueSubscriptionName(name, id);
    await db.$transaction(async (tx) => {
      await tx.subscription.update({ where: { id }, data: { name } });
      await recordAuditEvent({ actor: actorOf(caller), action: "subscription.rename", summary: `Renamed subscription "${current.name}" to "${name}"`, target: { type: "subscription", id }, meta }, tx);
    });
  }
  return getSubscription(caller, id);
}

async function assertUniqueGroupName(subscriptionId: string, name: string, exceptId?: string) {
  const clash = await db.resourceGroup.findFirst({
    where: { subscriptionId, name: { equals: name, mode: "insensitive" }, NOT: exceptId ? { id: exceptId } : undefined },
  });
  if (clash) throw conflict(`This subscription already has a resource group named "${clash.name}".`);
}

export async function createResourceGroup(caller: Caller, subscriptionId: string, name: string, meta: RequestMeta): Promise<ResourceGroupView> {
  assertAccess(caller, "subscriptions.update", { subscriptionId }, "The subscription");
  const subscription = await db.subscription.findUnique({ where: { id: subscriptionId } });
  if (!subscription) throw notFound("The subscription");
  await assertUniqueGroupName(subscriptionId, name);
  return db.$transaction(async (tx) => {
    const g = await tx.resourceGroup.create({ data: { subscriptionId, name } });
    await recordAuditEvent({ actor: actorOf(caller), action: "resource_group.create", summary: `Created resource group "${name}" in "${subscription.name}"`, target: { type: "resource_group", id: g.id }, meta }, tx);
    return rgView(g);
  });
}

async function loadGroup(caller: Caller, id: string) {
  const g = await db.resourceGroup.findUnique({ where: { id }, include: { subscription: { select: { name: true } } } });
  if (!g || !isVisible(caller.assignments, { subscriptionId: g.subscriptionId, resourceGroupId: g.id })) throw notFound("The resource group");
  return g;
}

export async function getResourceGroup(caller: Caller, id: string): Promise<ResourceGroupView> {
  return rgView(await loadGroup(caller, id));
}

export async function renameResourceGroup(caller: Caller, id: string, name: string, meta: RequestMeta): Promise<ResourceGroupView> {
  const g = await loadGroup(caller, id);
  assertAccess(caller, "subscriptions.update", { subscriptionId: g.subscriptionId, resourceGroupId: g.id }, "The resource group");
  if (g.name === name) return rgView(g);
  await assertUniqueGroupName(g.subscriptionId, name, id);
  return db.$transaction(async (tx) => {
    const updated = await tx.resourceGroup.update({ where: { id }, data: { name } });
    await recordAuditEvent({ actor: actorOf(caller), action: "resource_group.rename", summary: `Renamed resource group "${g.name}" in "${g.subscription.name}" to "${name}"`, target: { type: "resource_group", id }, meta }, tx);
    return rgView(updated);
  });
}
