import { describe, expect, it } from "vitest";
import { assessFindingsRecommendations, FINDINGS_RECOMMENDATIONS } from "./findings-recommendations";

const none = { CODE: 0, SECRETS: 0, DEPENDENCY: 0, IAC: 0, CONTAINER: 0 };

describe("findings recommendations", () => {
  it("defines code, secret, dependency and IaC scanning for each provider, with unique ids; secrets are High", () => {
    expect(FINDINGS_RECOMMENDATIONS).toHaveLength(12);
    expect(new Set(FINDINGS_RECOMMENDATIONS.map((r) => r.id)).size).toBe(12);
    expect(FINDINGS_RECOMMENDATIONS.filter((r) => r.provider === "GITLAB").map((r) => r.title)).toEqual([
      "GitLab projects should have secret scanning findings resolved",
      "GitLab projects should have code scanning findings resolved",
      "GitLab projects should have dependency vulnerability scanning findings resolved",
      "GitLab projects should have infrastructure as code scanning findings resolved",
    ]);
    expect(FINDINGS_RECOMMENDATIONS.every((r) => r.severity === (r.findingType === "SECRETS" ? "HIGH" : "MEDIUM"))).toBe(true);
  });

  it("puts unhealthy ones first, most severe then most findings; container findings affect none", () => {
    const assessed = assessFindingsRecommendations({ provider: "AZURE_DEVOPS", openByType: { ...none, IAC: 7, CODE: 2, SECRETS: 1, CONTAINER: 40 }, scanned: true });
    expect(assessed.map((r) => [r.findingType, r.status, r.openFindings])).toEqual([
      ["SECRETS", "UNHEALTHY", 1],
      ["IAC", "UNHEALTHY", 7],
      ["CODE", "UNHEALTHY", 2],
      ["DEPENDENCY", "HEALTHY", 0],
    ]);
  });

  it("calls nothing healthy before anything was scanned, but findings uploaded without a scan still count", () => {
    expect(assessFindingsRecommendations({ provider: "GITHUB", openByType: none, scanned: false }).map((r) => r.status)).toEqual(Array(4).fill("NOT_ASSESSED"));
    const uploaded = assessFindingsRecommendations({ provider: "GITHUB", openByType: { ...none, DEPENDENCY: 3 }, scanned: false });
    expect(uploaded.map((r) => r.status)).toEqual(["UNHEALTHY", "NOT_ASSESSED", "NOT_ASSESSED", "NOT_ASSESSED"]);
  });
});
