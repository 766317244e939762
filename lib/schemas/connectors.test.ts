import { describe, expect, it } from "vitest";
import { connectorName, createConnectorInput, DEFAULT_SCANNING, scanningSettings, scopeEntryProblem } from "./connectors";

describe("scope entries, validated as typed", () => {
  it.each([
    ["GITHUB", "contoso-web"],
    ["GITHUB", "contoso-web/payments.api"],
    ["AZURE_DEVOPS", "fabrikam"],
    ["AZURE_DEVOPS", "fabrikam/Payments Platform"],
    ["AZURE_DEVOPS", "fabrikam/Payments Platform/ledger-service"],
    ["GITLAB", "northwind"],
    ["GITLAB", "northwind/data/etl-jobs"],
  ] as const)("%s accepts %s", (provider, entry) => {
    expect(scopeEntryProblem(provider, entry)).toBeUndefined();
  });

  it.each([
    ["GITHUB", "contoso-web/api/extra", /too many parts/],
    ["GITHUB", "-contoso", /not a GitHub owner/],
    ["GITHUB", "contoso/bad repo", /not a GitHub repository/],
    ["AZURE_DEVOPS", "fabrikam/p/r/x", /too many parts/],
    ["AZURE_DEVOPS", "fab_rikam", /not an Azure DevOps organization/],
    ["AZURE_DEVOPS", "fabrikam/bad:project", /not a valid Azure DevOps project/],
    ["GITLAB", "northwind/has space", /not a valid GitLab/],
    ["GITLAB", " ", /is empty/],
  ] as const)("%s refuses %s", (provider, entry, message) => {
    expect(scopeEntryProblem(provider, entry)).toMatch(message);
  });
});

describe("scanning settings", () => {
  it("turn autodiscovery on by default in exclusion mode with no list", () => {
    expect(scanningSettings.parse(DEFAULT_SCANNING)).toMatchObject({ scopeMode: "EXCLUSION", scopeEntries: [], autodiscovery: true });
  });

  it("refuse autodiscovery in inclusion mode, and inclusion mode without a list", () => {
    const result = scanningSettings.safeParse({ ...DEFAULT_SCANNING, scopeMode: "INCLUSION" });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(messages).toContain("autodiscovery: Autodiscovery isn't available in inclusion mode, because only the listed repositories are scanned.");
    expect(messages).toContain("scopeEntries: List at least one entry to scan in inclusion mode");
  });

  it("refuse a duplicate entry and scanning with no scanner", () => {
    const result = scanningSettings.safeParse({ ...DEFAULT_SCANNING, scanners: [], scopeEntries: ["a", "A"] });
    expect(result.error!.issues.map((i) => i.path.join("."))).toEqual(expect.arrayContaining(["scanners", "scopeEntries.1"]));
  });

  it("check each entry against the connector's provider when creating", () => {
    const result = createConnectorInput.safeParse({
      provider: "GITHUB",
      host: "sandbox",
      name: "gh-prod",
      resourceGroup: { id: "7d9a1c1e-3f55-4c0e-9a55-0d3c1b1f2a10" },
      region: "westeurope",
      authorizationId: "7d9a1c1e-3f55-4c0e-9a55-0d3c1b1f2a11",
      organizations: { mode: "ALL_EXISTING" },
      scanning: { ...DEFAULT_SCANNING, scopeEntries: ["org/project/repo"] },
    });
    expect(result.error!.issues[0]!.path).toEqual(["scanning", "scopeEntries", 0]);
  });

  it("refuse connector names that are not 1–20 letters, digits and hyphens", () => {
    for (const name of ["", "has space", "x".repeat(21), "under_score"]) expect(connectorName.safeParse(name).success, name).toBe(false);
    for (const name of ["gh-prod", "A", "x".repeat(20)]) expect(connectorName.safeParse(name).success, name).toBe(true);
  });
});
