/**
 * The grouped inventory: organizations, then projects (Azure DevOps) or subgroups to any
 * depth (GitLab), with counts rolled up from every matching repository below, and the
 * repositories directly in a node through the flat API's organization/projectPath.
 */
import { beforeEach, describe, expect, it } from "vitest";
import * as groupsRoute from "@/app/api/v1/repository-groups/route";
import * as repositoriesRoute from "@/app/api/v1/repositories/route";
import type { InventoryPage, RepositoryGroupList } from "@/lib/schemas/inventory";
import { db } from "@/lib/server/db/client";
import { makeConnector, makeResourceGroup, makeSubscription, userWithSession } from "./factories";
import { call } from "./http";

interface World {
  owner: string;
  reader: string;
  gitlab: string;
  ado: string;
  github: string;
}
let world: World;

type Provider = "GITHUB" | "AZURE_DEVOPS" | "GITLAB";

async function repo(connectorId: string, provider: Provider, organization: string, projectPath: string | null, name: string, extra: { findingsCritical?: number; findingsCode?: number; advancedSecurity?: "ON" | "OFF"; removedAt?: Date } = {}) {
  const fullName = [organization, projectPath, name].filter(Boolean).join("/");
  const critical = extra.findingsCritical ?? 0;
  await db.repository.create({
    data: {
      connectorId,
      provider,
      externalId: fullName,
      organizationExternalId: organization,
      organizationName: organization,
      projectPath,
      name,
      nameKey: name.toLowerCase(),
      fullName,
      searchKey: fullName.toLowerCase(),
      url: `https://example.test/${fullName}`,
      visibility: "private",
      advancedSecurity: extra.advancedSecurity ?? "OFF",
      findingsOpen: critical,
      findingsCritical: critical,
      findingsCode: critical,
      removedAt: extra.removedAt ?? null,
    },
  });
}

beforeEach(async () => {
  const sub = await makeSubscription("Contoso");
  const other = await makeSubscription("Fabrikam");
  const rg = await makeResourceGroup(sub.id, "rg");
  const gitlab = await makeConnector(rg.id, "gl");
  const ado = await makeConnector(rg.id, "ado");
  const github = await makeConnector((await makeResourceGroup(other.id, "rg2")).id, "gh");
  await db.connector.update({ where: { id: gitlab.id }, data: { provider: "GITLAB" } });
  await db.connector.update({ where: { id: ado.id }, data: { provider: "AZURE_DEVOPS" } });

  await repo(gitlab.id, "GITLAB", "acme", null, "handbook");
  await repo(gitlab.id, "GITLAB", "acme", "frontend", "design-system", { findingsCritical: 2, advancedSecurity: "ON" });
  await repo(gitlab.id, "GITLAB", "acme", "frontend/web", "storefront", { findingsCritical: 3 });
  await repo(gitlab.id, "GITLAB", "acme", "frontend/web/legacy", "old-shop", { findingsCritical: 5 });
  await repo(gitlab.id, "GITLAB", "acme", "backend", "api");
  await repo(gitlab.id, "GITLAB", "acme", "backend", "gone", { removedAt: new Date() });
  await repo(gitlab.id, "GITLAB", "acme_labs", null, "prototype");
  await repo(ado.id, "AZURE_DEVOPS", "fabrikam", "Payments", "ledger", { findingsCritical: 1 });
  await repo(ado.id, "AZURE_DEVOPS", "fabrikam", "Payments", "checkout");
  await repo(ado.id, "AZURE_DEVOPS", "fabrikam", "Identity", "login");
  await repo(github.id, "GITHUB", "contoso", null, "web");
  await repo(github.id, "GITHUB", "contoso", null, "api");

  const owner = (await userWithSession({ role: "OWNER" })).cookie;
  const reader = (await userWithSession({ role: "SECURITY_READER", scope: { type: "SUBSCRIPTION", id: other.id } })).cookie;
  world = { owner, reader, gitlab: gitlab.id, ado: ado.id, github: github.id };
});

async function groups(cookie: string, params: Record<string, string>) {
  const result = await call(groupsRoute.GET, { path: `/api/v1/repository-groups?${new URLSearchParams(params)}`, cookie });
  return result as typeof result & { json: RepositoryGroupList & { detail?: string } };
}

async function leaves(cookie: string, params: Record<string, string>) {
  const result = await call(repositoriesRoute.GET, { path: `/api/v1/repositories?${new URLSearchParams(params)}`, cookie });
  expect(result.status).toBe(200);
  return (result.json as InventoryPage).items.map((r) => r.name);
}

describe("the grouped inventory", () => {
  it("lists organizations and top-level groups with their rolled-up counts", async () => {
    const top = await groups(world.owner, {});
    expect(top.status).toBe(200);
    expect(top.json.items.map((g) => [g.kind, g.name, g.repositories])).toEqual([
      ["group", "acme", 5],
      ["group", "acme_labs", 1],
      ["organization", "contoso", 2],
      ["organization", "fabrikam", 3],
    ]);
    const acme = top.json.items[0]!;
    expect(acme.findings.total).toBe(10);
    expect(acme.findings.bySeverity.critical).toBe(10);
    expect(acme.advancedSecurityOn).toBe(1);
    expect(acme.hasGroups).toBe(true);
    expect(top.json.items.find((g) => g.name === "contoso")!.hasGroups).toBe(false);
  });

  it("opens an Azure DevOps organization into projects, and a project into its repositories", async () => {
    const projects = await groups(world.owner, { parentConnector: world.ado, parentOrganization: "fabrikam" });
    expect(projects.json.items.map((g) => [g.kind, g.name, g.path, g.repositories, g.findings.total])).toEqual([
      ["project", "Identity", "Identity", 1, 0],
      ["project", "Payments", "Payments", 2, 1],
    ]);
    expect(await leaves(world.owner, { connector: world.ado, organization: "fabrikam", projectPath: "Payments" })).toEqual(["checkout", "ledger"]);
  });

  it("opens GitLab groups level by level, any depth, each with the projects directly in it", async () => {
    const first = await groups(world.owner, { parentConnector: world.gitlab, parentOrganization: "acme" });
    expect(first.json.items.map((g) => [g.kind, g.name, g.path, g.repositories, g.hasGroups])).toEqual([
      ["subgroup", "backend", "backend", 1, false],
      ["subgroup", "frontend", "frontend", 3, true],
    ]);
    expect(await leaves(world.owner, { connector: world.gitlab, organization: "acme", projectPath: "" })).toEqual(["handbook"]);

    const web = await groups(world.owner, { parentConnector: world.gitlab, parentOrganization: "acme", parentPath: "frontend" });
    expect(web.json.items.map((g) => [g.name, g.path, g.repositories, g.findings.total])).toEqual([["web", "frontend/web", 2, 8]]);
    const legacy = await groups(world.owner, { parentConnector: world.gitlab, parentOrganization: "acme", parentPath: "frontend/web" });
    expect(legacy.json.items.map((g) => [g.path, g.hasGroups])).toEqual([["frontend/web/legacy", false]]);
    expect(await leaves(world.owner, { connector: world.gitlab, organization: "acme", projectPath: "frontend/web" })).toEqual(["storefront"]);
    // A group whose name is a prefix of another's is not its parent.
    expect((await groups(world.owner, { parentConnector: world.gitlab, parentOrganization: "acme", parentPath: "front" })).json.items).toEqual([]);
  });

  it("applies the filters and the caller's scope at every level", async () => {
    const critical = await groups(world.owner, { severity: "CRITICAL" });
    expect(critical.json.items.map((g) => [g.name, g.repositories])).toEqual([
      ["acme", 3],
      ["fabrikam", 1],
    ]);
    const searched = await groups(world.owner, { parentConnector: world.gitlab, parentOrganization: "acme", q: "old-shop" });
    expect(searched.json.items.map((g) => [g.name, g.repositories])).toEqual([["frontend", 1]]);
    const withRemoved = await groups(world.owner, { parentConnector: world.gitlab, parentOrganization: "acme", includeRemoved: "true" });
    expect(withRemoved.json.items.find((g) => g.name === "backend")!.repositories).toBe(2);

    const reader = await groups(world.reader, {});
    expect(reader.json.items.map((g) => g.name)).toEqual(["contoso"]);
    expect((await groups(world.reader, { parentConnector: world.gitlab, parentOrganization: "acme" })).json.items).toEqual([]);
    expect(await leaves(world.reader, { connector: world.gitlab, organization: "acme", projectPath: "" })).toEqual([]);
  });

  it("explains a parent given by halves", async () => {
    const result = await groups(world.owner, { parentOrganization: "acme" });
    expect(result.status).toBe(422);
    expect(result.json.detail).toMatch(/parentConnector and parentOrganization go together/);
  });
});
