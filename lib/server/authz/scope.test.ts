import { describe, expect, it } from "vitest";
import { accessTo, type Caller } from "./caller";
import type { Assignment } from "./scope";

const caller = (...assignments: Omit<Assignment, "id">[]): Caller => ({
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
    const at = (role: Assignment["role"]) => caller({ role, scopeType: "WORKSPACE" });
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
