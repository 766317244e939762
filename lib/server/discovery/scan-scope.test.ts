import { describe, expect, it } from "vitest";
import { advancedSecurityFrom } from "../providers/provider-client";
import { entryMatches, inScanScope } from "./scan-scope";

const repo = (organizationName: string, projectPath: string | null, name: string) => ({ organizationName, projectPath, name });

describe("scope entries name a repository or its containers", () => {
  it("GitHub: owner, or owner/repository", () => {
    expect(entryMatches("GITHUB", "Contoso-Web", repo("contoso-web", null, "storefront"))).toBe(true);
    expect(entryMatches("GITHUB", "contoso-web/storefront", repo("contoso-web", null, "storefront"))).toBe(true);
    expect(entryMatches("GITHUB", "contoso-web/checkout", repo("contoso-web", null, "storefront"))).toBe(false);
  });
  it("Azure DevOps: organization, project, or repository", () => {
    const r = repo("fabrikam", "Payments Platform", "ledger");
    expect(entryMatches("AZURE_DEVOPS", "fabrikam/payments platform", r)).toBe(true);
    expect(entryMatches("AZURE_DEVOPS", "fabrikam/Payments Platform/ledger", r)).toBe(true);
    expect(entryMatches("AZURE_DEVOPS", "fabrikam/Other", r)).toBe(false);
  });
  it("GitLab: group, subgroup, or project", () => {
    const r = repo("contoso-web", "frontend/apps", "shop");
    expect(entryMatches("GITLAB", "contoso-web/frontend", r)).toBe(true);
    expect(entryMatches("GITLAB", "contoso-web/frontend/apps/shop", r)).toBe(true);
    expect(entryMatches("GITLAB", "contoso-web/backend", r)).toBe(false);
  });
});

describe("the scanning scope", () => {
  const r = repo("contoso-web", null, "storefront");
  it("exclusion mode scans all but the list; new repositories only with autodiscovery", () => {
    expect(inScanScope("GITHUB", { scanScopeMode: "EXCLUSION", scanScopeEntries: [], autodiscovery: true }, r, true)).toBe(true);
    expect(inScanScope("GITHUB", { scanScopeMode: "EXCLUSION", scanScopeEntries: [], autodiscovery: false }, r, true)).toBe(false);
    expect(inScanScope("GITHUB", { scanScopeMode: "EXCLUSION", scanScopeEntries: [], autodiscovery: false }, r, false)).toBe(true);
    expect(inScanScope("GITHUB", { scanScopeMode: "EXCLUSION", scanScopeEntries: ["contoso-web"], autodiscovery: true }, r, false)).toBe(false);
  });
  it("inclusion mode scans only the list", () => {
    expect(inScanScope("GITHUB", { scanScopeMode: "INCLUSION", scanScopeEntries: ["contoso-web/storefront"], autodiscovery: false }, r, true)).toBe(true);
    expect(inScanScope("GITHUB", { scanScopeMode: "INCLUSION", scanScopeEntries: ["fabrikam"], autodiscovery: false }, r, false)).toBe(false);
  });
});

describe("advanced security status (seed 002)", () => {
  it("is On, Off, Partially enabled naming what is off, or N/A", () => {
    expect(advancedSecurityFrom({ "Secret scanning": true, "Code scanning": true })).toEqual({ status: "ON", off: [] });
    expect(advancedSecurityFrom({ "Secret scanning": false, "Code scanning": false })).toEqual({ status: "OFF", off: ["Secret scanning", "Code scanning"] });
    expect(advancedSecurityFrom({ "Secret scanning": true, "Code scanning": false, Unknown: undefined })).toEqual({ status: "PARTIAL", off: ["Code scanning"] });
    expect(advancedSecurityFrom({})).toEqual({ status: "NOT_AVAILABLE", off: [] });
  });
});
