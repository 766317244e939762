import { describe, expect, it } from "vitest";
import { PERMISSIONS, type Permission, type RoleName } from "@/lib/auth/permissions";
import { accessTo, mayAnywhere, roleSummaries, type Caller } from "./caller";
import type { Assignment } from "./scope";

/** An assignment as the tests write it: a role or a token permission, without an id. */
type Unsaved = Assignment extends infer A ? (A extends unknown ? Omit<A, "id"> : never) : never;

const caller = (...assignments: Unsaved[]): Caller => ({
  sessionId: "s",
  user: { id: "u", email: "u@example.test", name: "U", theme: "LIGHT" },
  assignments: assignments.map((a, i) => ({ id: String(i), ...a })),
});

const subA = { subscriptionId: "A" };
const rgA1 = { subscriptionId: "A", resourceGroupId: "A1" };
const connA1 = { subscriptionId: "A", resourceGroupId: "A1", connectorId: "C1" };
const subB = { subscriptionId: "B" };

describe("accessTo", () => {
  it("lets a workspace Owner do everything everywhere", () => {
    const owner = caller({ role: "OWNER", scopeType: "WORKSPACE" });
    expect(accessTo(owner, "users.manage")).toBe("allowed");
    expect(accessTo(owner, "subscriptions.update", subB)).toBe("allowed");
    expect(accessTo(owner, "connectors.delete", connA1)).toBe("allowed");
  });

  it("hides another subscription from a user scoped to one (404, not 403)", () => {
    const reader = caller({ role: "SECURITY_READER", scopeType: "SUBSCRIPTION", subscriptionId: "A" });
    expect(accessTo(reader, "workspace.read", subA)).toBe("allowed");
    expect(accessTo(reader, "workspace.read", connA1)).toBe("allowed");
    expect(accessTo(reader, "workspace.read", subB)).toBe("not-found");
    expect(accessTo(reader, "subscriptions.update", subA)).toBe("forbidden");
    expect(accessTo(reader, "subscriptions.update", subB)).toBe("not-found");
  });

  it("shows the containers above a narrow assignment but grants nothing on them", () => {
    const owner = caller({ role: "OWNER", scopeType: "RESOURCE_GROUP", subscriptionId: "A", resourceGroupId: "A1" });
    expect(accessTo(owner, "subscriptions.update", rgA1)).toBe("allowed");
    expect(accessTo(owner, "subscriptions.update", subA)).toBe("forbidden");
    expect(accessTo(owner, "connectors.create", connA1)).toBe("allowed");
    expect(accessTo(owner, "workspace.read", { subscriptionId: "A", resourceGroupId: "A2" })).toBe("not-found");
  });

  it("grants workspace-level permissions only through workspace assignments", () => {
    const subscriptionOwner = caller({ role: "OWNER", scopeType: "SUBSCRIPTION", subscriptionId: "A" });
    expect(accessTo(subscriptionOwner, "users.manage")).toBe("forbidden");
    expect(accessTo(subscriptionOwner, "audit.read")).toBe("forbidden");
  });

  it("follows the permission table for each role", () => {
    const at = (role: RoleName) => caller({ role, scopeType: "WORKSPACE" });
    expect(accessTo(at("CONTRIBUTOR"), "connectors.create", rgA1)).toBe("allowed");
    expect(accessTo(at("SECURITY_ADMIN"), "connectors.create", rgA1)).toBe("forbidden");
    expect(accessTo(at("SECURITY_ADMIN"), "scanning.manage", connA1)).toBe("allowed");
    expect(accessTo(at("SECURITY_ADMIN"), "tokens.manage", connA1)).toBe("allowed");
    expect(accessTo(at("SECURITY_READER"), "findings.triage", connA1)).toBe("forbidden");
    expect(accessTo(at("SECURITY_READER"), "workspace.read", connA1)).toBe("allowed");
  });

  it("lets a user with no assignment see nothing", () => {
    expect(accessTo(caller(), "workspace.read", subA)).toBe("not-found");
  });
});

describe("API token callers", () => {
  const token = (permission: "READ" | "UPLOAD", ...scopes: Omit<Unsaved, "role" | "tokenPermission">[]): Caller => ({
    ...caller(...scopes.map((s) => ({ ...s, tokenPermission: permission }) as Unsaved)),
    sessionId: null,
    apiToken: { id: "t", name: "ci", prefix: "rmp_AbCd1234", permission },
  });

  it("lets a read token read inside its scope entries only, and hides the rest", () => {
    const reader = token("READ", { scopeType: "SUBSCRIPTION", subscriptionId: "A" }, { scopeType: "CONNECTOR", subscriptionId: "B", resourceGroupId: "B1", connectorId: "CB" });
    expect(accessTo(reader, "workspace.read", connA1)).toBe("allowed");
    expect(accessTo(reader, "workspace.read", { subscriptionId: "B", resourceGroupId: "B1", connectorId: "CB" })).toBe("allowed");
    expect(accessTo(reader, "workspace.read", { subscriptionId: "B", resourceGroupId: "B1", connectorId: "CB2" })).toBe("not-found");
    expect(accessTo(reader, "scans.upload", connA1)).toBe("forbidden");
  });

  it("lets an upload token upload and nothing else, not even read", () => {
    const uploader = token("UPLOAD", { scopeType: "WORKSPACE" });
    expect(accessTo(uploader, "scans.upload", connA1)).toBe("allowed");
    expect(mayAnywhere(uploader, "workspace.read")).toBe(false);
  });

  it("gives tokens no permission the table does not list for them", () => {
    const permissions = Object.keys(PERMISSIONS) as Permission[];
    const tokenHeld = (permission: "READ" | "UPLOAD") => permissions.filter((p) => mayAnywhere(token(permission, { scopeType: "WORKSPACE" }), p));
    expect(tokenHeld("READ")).toEqual(["workspace.read", "scans.read"]);
    expect(tokenHeld("UPLOAD")).toEqual(["scans.upload", "scans.read"]);
    expect(roleSummaries(token("READ", { scopeType: "WORKSPACE" }))).toEqual([]);
  });

  it("keeps scans.upload away from every role", () => {
    const roles: RoleName[] = ["OWNER", "CONTRIBUTOR", "SECURITY_ADMIN", "SECURITY_READER"];
    for (const role of roles) expect(mayAnywhere(caller({ role, scopeType: "WORKSPACE" }), "scans.upload"), role).toBe(false);
  });
});
