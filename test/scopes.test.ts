/**
 * A user sees and acts only within their role assignments; anything outside answers 404.
 */
import { beforeEach, describe, expect, it } from "vitest";
import * as resourceGroup from "@/app/api/resource-groups/[id]/route";
import * as subscriptionGroups from "@/app/api/subscriptions/[id]/resource-groups/route";
import * as subscription from "@/app/api/subscriptions/[id]/route";
import * as subscriptions from "@/app/api/subscriptions/route";
import { db } from "@/lib/server/db/client";
import { call } from "./http";
import { makeConnector, makeResourceGroup, makeSubscription, userWithSession } from "./factories";

let a: { id: string };
let aGroup: { id: string };
let b: { id: string };
let bGroup: { id: string };

beforeEach(async () => {
  a = await makeSubscription("Alpha");
  aGroup = await makeResourceGroup(a.id, "alpha-rg");
  b = await makeSubscription("Bravo");
  bGroup = await makeResourceGroup(b.id, "bravo-rg");
});

describe("a user scoped to one subscription", () => {
  it("sees nothing of another subscription: lists omit it and its ids answer 404", async () => {
    const { cookie } = await userWithSession({ role: "SECURITY_READER", scope: { type: "SUBSCRIPTION", id: a.id } });
    const list = await call(subscriptions.GET, { cookie });
    expect(list.status).toBe(200);
    expect((list.json.subscriptions as { name: string }[]).map((s) => s.name)).toEqual(["Alpha"]);

    expect((await call(subscription.GET, { cookie, params: { id: a.id } })).status).toBe(200);
    const other = await call(subscription.GET, { cookie, params: { id: b.id } });
    expect(other.status).toBe(404);
    expect(other.json.detail).toBe("The subscription was not found.");
    expect((await call(resourceGroup.GET, { cookie, params: { id: bGroup.id } })).status).toBe(404);
    expect((await call(resourceGroup.GET, { cookie, params: { id: aGroup.id } })).status).toBe(200);
  });

  it("as Owner of that subscription, may change it but gets 404 for the other, which stays unchanged", async () => {
    const { cookie } = await userWithSession({ role: "OWNER", scope: { type: "SUBSCRIPTION", id: a.id } });
    const renamed = await call(subscription.PATCH, { method: "PATCH", cookie, params: { id: a.id }, body: { name: "Alpha Prime" } });
    expect(renamed.status).toBe(200);
    const refused = await call(subscription.PATCH, { method: "PATCH", cookie, params: { id: b.id }, body: { name: "Hijacked" } });
    expect(refused.status).toBe(404);
    expect((await db.subscription.findUniqueOrThrow({ where: { id: b.id } })).name).toBe("Bravo");
    const group = await call(subscriptionGroups.POST, { method: "POST", cookie, params: { id: b.id }, body: { name: "sneaky" } });
    expect(group.status).toBe(404);
    expect(await db.resourceGroup.count({ where: { subscriptionId: b.id } })).toBe(1);
  });

  it("may not create subscriptions: that takes a workspace-level Owner", async () => {
    const { cookie } = await userWithSession({ role: "OWNER", scope: { type: "SUBSCRIPTION", id: a.id } });
    expect((await call(subscriptions.POST, { method: "POST", cookie, body: { name: "Charlie" } })).status).toBe(403);
  });
});

describe("narrower scopes", () => {
  it("a resource-group reader sees its subscription as a container but only its own group", async () => {
    const { cookie } = await userWithSession({ role: "SECURITY_READER", scope: { type: "RESOURCE_GROUP", id: aGroup.id } });
    await makeResourceGroup(a.id, "alpha-other");
    const list = await call(subscriptions.GET, { cookie });
    const visible = list.json.subscriptions as { name: string; resourceGroups: { name: string }[] }[];
    expect(visible.map((s) => s.name)).toEqual(["Alpha"]);
    expect(visible[0]!.resourceGroups.map((g) => g.name)).toEqual(["alpha-rg"]);
  });

  it("a connector-scoped reader sees the containers above its connector and nothing beside it", async () => {
    const connector = await makeConnector(aGroup.id);
    const { cookie } = await userWithSession({ role: "SECURITY_READER", scope: { type: "CONNECTOR", id: connector.id } });
    expect((await call(resourceGroup.GET, { cookie, params: { id: aGroup.id } })).status).toBe(200);
    expect((await call(subscription.GET, { cookie, params: { id: b.id } })).status).toBe(404);
  });
});
