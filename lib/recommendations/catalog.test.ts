import { describe, expect, it } from "vitest";
import { RECOMMENDATIONS, type Evaluation, type PostureResourceEvaluationInput, type RecommendationDefinition, type RepositoryEvaluationInput } from "./catalog";

/**
 * One test per definition of the catalog: a resource it calls Unhealthy, one it calls
 * Healthy, and one it cannot judge (Not applicable), each with a reason. A definition added
 * without its cases fails the first test.
 */

const none = { CODE: 0, SECRETS: 0, DEPENDENCY: 0, IAC: 0, CONTAINER: 0 };
const repo = (overrides: Partial<RepositoryEvaluationInput> = {}): RepositoryEvaluationInput => ({
  provider: "GITHUB",
  visibility: "private",
  archived: false,
  scanned: true,
  openByType: none,
  facts: {},
  ...overrides,
});
const resource = (facts: PostureResourceEvaluationInput["facts"]): Omit<PostureResourceEvaluationInput, "provider" | "kind"> => ({ facts });

type RepoInput = Partial<RepositoryEvaluationInput>;
type Cases = { unhealthy: RepoInput | PostureResourceEvaluationInput["facts"]; healthy: RepoInput | PostureResourceEvaluationInput["facts"]; notApplicable: RepoInput | PostureResourceEvaluationInput["facts"] };

const findings = (type: keyof typeof none): Cases => ({
  unhealthy: { openByType: { ...none, [type]: 3 } },
  healthy: { openByType: { ...none, CONTAINER: 9 } },
  notApplicable: { scanned: false },
});

const CASES: Record<string, Cases> = {
  ...Object.fromEntries(
    ["azure-devops", "github", "gitlab"].flatMap((p) => [
      [`${p}-secret-scanning-findings`, findings("SECRETS")],
      [`${p}-code-scanning-findings`, findings("CODE")],
      [`${p}-dependency-scanning-findings`, findings("DEPENDENCY")],
      [`${p}-iac-scanning-findings`, findings("IAC")],
    ]),
  ),
  "github-secret-scanning-enabled": { unhealthy: { facts: { secretScanning: false } }, healthy: { facts: { secretScanning: true } }, notApplicable: { facts: {} } },
  "github-push-protection-enabled": { unhealthy: { facts: { pushProtection: false } }, healthy: { facts: { pushProtection: true } }, notApplicable: { archived: true, facts: { pushProtection: false } } },
  "github-code-scanning-enabled": { unhealthy: { facts: { codeScanning: false } }, healthy: { facts: { codeScanning: true } }, notApplicable: { facts: {} } },
  "github-dependabot-enabled": { unhealthy: { facts: { dependabot: false } }, healthy: { facts: { dependabot: true } }, notApplicable: { facts: {} } },
  "github-default-branch-protected": { unhealthy: { facts: { defaultBranchProtected: false } }, healthy: { facts: { defaultBranchProtected: true } }, notApplicable: { facts: {} } },
  "github-force-push-disabled": { unhealthy: { facts: { forcePushesAllowed: true } }, healthy: { facts: { forcePushesAllowed: false } }, notApplicable: { facts: {} } },
  "github-two-reviewers": { unhealthy: { facts: { requiredApprovals: 1 } }, healthy: { facts: { requiredApprovals: 2 } }, notApplicable: { facts: {} } },
  "github-no-self-hosted-runners-public": {
    unhealthy: { visibility: "public", facts: { selfHostedRunners: true } },
    healthy: { visibility: "public", facts: { selfHostedRunners: false } },
    notApplicable: { visibility: "private", facts: { selfHostedRunners: true } },
  },
  "github-org-base-permissions": { unhealthy: { basePermission: "write" }, healthy: { basePermission: "read" }, notApplicable: {} },
  "github-org-multiple-owners": { unhealthy: { ownerCount: 1 }, healthy: { ownerCount: 3 }, notApplicable: {} },
  "github-org-workflow-permissions-read": { unhealthy: { workflowPermissions: "write" }, healthy: { workflowPermissions: "read" }, notApplicable: {} },
  "azure-devops-advanced-security-enabled": { unhealthy: { facts: { advancedSecurity: false } }, healthy: { facts: { advancedSecurity: true } }, notApplicable: { facts: {} } },
  "azure-devops-two-reviewers": { unhealthy: { facts: { requiredApprovals: 0 } }, healthy: { facts: { requiredApprovals: 3 } }, notApplicable: { facts: {} } },
  "azure-devops-requestors-cannot-approve": { unhealthy: { facts: { authorsCanApprove: true } }, healthy: { facts: { authorsCanApprove: false } }, notApplicable: { facts: {} } },
  "azure-devops-pipeline-fork-secrets": { unhealthy: { forkBuildsGetSecrets: true }, healthy: { forkBuildsGetSecrets: false }, notApplicable: {} },
  "azure-devops-service-connection-all-pipelines": { unhealthy: { openToAllPipelines: true }, healthy: { openToAllPipelines: false }, notApplicable: {} },
  "azure-devops-variable-group-all-pipelines": {
    unhealthy: { openToAllPipelines: true, hasSecrets: true },
    healthy: { openToAllPipelines: false, hasSecrets: true },
    notApplicable: { openToAllPipelines: true, hasSecrets: false },
  },
  "azure-devops-secure-file-all-pipelines": { unhealthy: { openToAllPipelines: true }, healthy: { openToAllPipelines: false }, notApplicable: {} },
  "gitlab-two-approvers": { unhealthy: { facts: { requiredApprovals: 1 } }, healthy: { facts: { requiredApprovals: 2 } }, notApplicable: { archived: true, facts: { requiredApprovals: 0 } } },
  "gitlab-authors-cannot-approve": { unhealthy: { facts: { authorsCanApprove: true } }, healthy: { facts: { authorsCanApprove: false } }, notApplicable: { facts: {} } },
};

function judge(definition: RecommendationDefinition, input: RepoInput | PostureResourceEvaluationInput["facts"]): Evaluation {
  if (definition.resourceType === "REPOSITORY") return definition.evaluate(repo({ provider: definition.provider, ...(input as RepoInput) }));
  return definition.evaluate({ provider: definition.provider, kind: definition.resourceType, ...resource(input as PostureResourceEvaluationInput["facts"]) });
}

describe("the recommendation catalog", () => {
  it("has cases for every definition, unique stable ids, titles, steps and a severity reason where Defender has none", () => {
    expect(Object.keys(CASES).sort()).toEqual(RECOMMENDATIONS.map((r) => r.id).sort());
    expect(new Set(RECOMMENDATIONS.map((r) => r.id)).size).toBe(RECOMMENDATIONS.length);
    for (const r of RECOMMENDATIONS) {
      expect(r.id).toMatch(/^[a-z0-9-]+$/);
      expect(r.title.length).toBeGreaterThan(20);
      expect(r.description.length).toBeGreaterThan(20);
      expect(r.remediation.length).toBeGreaterThan(0);
    }
  });

  it("rates findings recommendations as Defender for Cloud does: secrets High, the others Medium", () => {
    const findingsOnes = RECOMMENDATIONS.filter((r) => r.kind === "FINDINGS");
    expect(findingsOnes).toHaveLength(12);
    for (const r of findingsOnes) expect(r.severity).toBe(r.kind === "FINDINGS" && r.findingType === "SECRETS" ? "HIGH" : "MEDIUM");
    expect(RECOMMENDATIONS.find((r) => r.id === "gitlab-code-scanning-findings")?.title).toBe("GitLab projects should have code scanning findings resolved");
  });

  it.each(RECOMMENDATIONS.map((r) => [r.id, r] as const))("%s: unhealthy, healthy and not applicable, each with a reason", (id, definition) => {
    const cases = CASES[id]!;
    const unhealthy = judge(definition, cases.unhealthy);
    const healthy = judge(definition, cases.healthy);
    const notApplicable = judge(definition, cases.notApplicable);
    expect(unhealthy.state).toBe("UNHEALTHY");
    expect(healthy.state).toBe("HEALTHY");
    expect(notApplicable.state).toBe("NOT_APPLICABLE");
    for (const e of [unhealthy, healthy, notApplicable]) expect(e.reason).toMatch(/\.$/);
  });

  it("never calls a setting it could not read healthy, and counts open findings in the reason", () => {
    for (const r of RECOMMENDATIONS.filter((d) => d.kind === "POSTURE")) {
      expect(judge(r, r.resourceType === "REPOSITORY" ? { facts: {}, visibility: "public" } : {}).state).toBe("NOT_APPLICABLE");
    }
    const secrets = RECOMMENDATIONS.find((r) => r.id === "azure-devops-secret-scanning-findings")!;
    expect(judge(secrets, { openByType: { ...none, SECRETS: 1200 } }).reason).toBe("1,200 open findings.");
  });
});
