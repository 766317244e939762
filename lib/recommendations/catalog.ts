import type { ProviderName } from "@/lib/schemas/connectors";
import type { FindingTypeName, SeverityName } from "@/lib/schemas/findings";
import type {
  OrganizationPostureFacts,
  PipelinePostureFacts,
  PostureResourceKindName,
  ProtectedResourcePostureFacts,
  RepositoryPostureFacts,
} from "./posture-facts";

/**
 * The recommendation catalog: every recommendation Rampart evaluates, one definition each
 * (stable id, title, severity, description, remediation steps, the resources it applies
 * to, and how a resource is judged), in this one place.
 *
 * Findings recommendations (per provider and finding type) are Unhealthy while a repository
 * has open findings of the type. Posture recommendations judge the settings discovery
 * reads (posture-facts.ts). Severities are Defender for Cloud's where it rates the same
 * check; `severityRationale` says why where it does not.
 *
 * Shared by the server (evaluation) and the browser (titles, steps); no server imports.
 */

export const RECOMMENDATION_KINDS = ["FINDINGS", "POSTURE"] as const;
export type RecommendationKind = (typeof RECOMMENDATION_KINDS)[number];
export const RECOMMENDATION_KIND_LABELS: Record<RecommendationKind, string> = { FINDINGS: "Findings", POSTURE: "Posture" };

export const RESOURCE_TYPES = ["REPOSITORY", "ORGANIZATION", "PIPELINE", "SERVICE_CONNECTION", "VARIABLE_GROUP", "SECURE_FILE"] as const satisfies readonly (
  | "REPOSITORY"
  | PostureResourceKindName
)[];
export type ResourceTypeName = (typeof RESOURCE_TYPES)[number];

/** What one resource is called, per provider (GitLab calls repositories projects and organizations groups). */
export function resourceTypeLabel(type: ResourceTypeName, provider: ProviderName, plural = false): string {
  const names: Record<ResourceTypeName, [string, string]> = {
    REPOSITORY: provider === "GITLAB" ? ["Project", "Projects"] : ["Repository", "Repositories"],
    ORGANIZATION: provider === "GITLAB" ? ["Group", "Groups"] : ["Organization", "Organizations"],
    PIPELINE: ["Pipeline", "Pipelines"],
    SERVICE_CONNECTION: ["Service connection", "Service connections"],
    VARIABLE_GROUP: ["Variable group", "Variable groups"],
    SECURE_FILE: ["Secure file", "Secure files"],
  };
  return names[type][plural ? 1 : 0];
}

/** A resource's state for one recommendation. EXEMPT: a person exempted it (with a reason and maybe an expiry). */
export const ASSESSMENT_STATES = ["UNHEALTHY", "HEALTHY", "NOT_APPLICABLE", "EXEMPT"] as const;
export type AssessmentStateName = (typeof ASSESSMENT_STATES)[number];
export const ASSESSMENT_STATE_LABELS: Record<AssessmentStateName, string> = {
  UNHEALTHY: "Unhealthy",
  HEALTHY: "Healthy",
  NOT_APPLICABLE: "Not applicable",
  EXEMPT: "Exempt",
};

/** What evaluation decides (exemption is a person's decision, applied on top). */
export type EvaluatedState = Exclude<AssessmentStateName, "EXEMPT">;
export interface Evaluation {
  state: EvaluatedState;
  /** Why, in a sentence a reader acts on. */
  reason: string;
}

/** A repository as the catalog judges it. */
export interface RepositoryEvaluationInput {
  provider: ProviderName;
  visibility: string;
  archived: boolean;
  /** A scan or an upload has reported on it. */
  scanned: boolean;
  openByType: Record<FindingTypeName, number>;
  facts: RepositoryPostureFacts;
}

export interface PostureResourceEvaluationInput {
  provider: ProviderName;
  kind: PostureResourceKindName;
  facts: OrganizationPostureFacts & PipelinePostureFacts & ProtectedResourcePostureFacts;
}

interface Common {
  /** Stable: APIs, URLs and exemptions refer to it. */
  id: string;
  provider: ProviderName;
  title: string;
  severity: SeverityName;
  /** Why this severity, where Defender for Cloud does not rate the same check. */
  severityRationale: string | null;
  description: string;
  remediation: string[];
}

export interface FindingsRecommendationDefinition extends Common {
  kind: "FINDINGS";
  resourceType: "REPOSITORY";
  findingType: Exclude<FindingTypeName, "CONTAINER">;
  evaluate(resource: RepositoryEvaluationInput): Evaluation;
}

export interface RepositoryPostureDefinition extends Common {
  kind: "POSTURE";
  resourceType: "REPOSITORY";
  evaluate(resource: RepositoryEvaluationInput): Evaluation;
}

export interface ResourcePostureDefinition extends Common {
  kind: "POSTURE";
  resourceType: Exclude<ResourceTypeName, "REPOSITORY">;
  evaluate(resource: PostureResourceEvaluationInput): Evaluation;
}

export type RecommendationDefinition = FindingsRecommendationDefinition | RepositoryPostureDefinition | ResourcePostureDefinition;

// ————— findings recommendations —————

const SUBJECT: Record<ProviderName, { slug: string; plural: string; one: string }> = {
  AZURE_DEVOPS: { slug: "azure-devops", plural: "Azure DevOps repositories", one: "repository" },
  GITHUB: { slug: "github", plural: "GitHub repositories", one: "repository" },
  GITLAB: { slug: "gitlab", plural: "GitLab projects", one: "project" },
};

const FINDING_KINDS: {
  findingType: FindingsRecommendationDefinition["findingType"];
  slug: string;
  scanning: string;
  severity: SeverityName;
  description: string;
  remediation: string[];
}[] = [
  {
    findingType: "SECRETS",
    slug: "secret-scanning",
    scanning: "secret scanning",
    severity: "HIGH",
    description: "Credentials or keys are committed to the repository, where anyone who can read it, or its history, can use them.",
    remediation: [
      "Open each finding to see the file and line of the secret.",
      "Revoke the secret at its issuer and rotate it; removing it from the code does not make it safe again.",
      "Remove the secret from the code, and read it from a secret store or pipeline variable instead.",
      "If the history must not keep it, rewrite the history; otherwise dismiss the finding as accepted risk once it is revoked.",
    ],
  },
  {
    findingType: "CODE",
    slug: "code-scanning",
    scanning: "code scanning",
    severity: "MEDIUM",
    description: "Static analysis found unsafe coding practices or known vulnerable patterns in the code.",
    remediation: [
      "Open each finding to see the rule, its help and the flagged line.",
      "Fix the code as the rule's help describes, and let the next scan confirm the fix.",
      "Dismiss false positives with a reason, so that they stay out of the counts.",
    ],
  },
  {
    findingType: "DEPENDENCY",
    slug: "dependency-scanning",
    scanning: "dependency vulnerability scanning",
    severity: "MEDIUM",
    description: "Open-source packages the code depends on have known vulnerabilities.",
    remediation: [
      "Open each finding to see the package, the vulnerable version and the manifest that brings it in.",
      "Update the package to a version with the fix, or replace it.",
      "Where no fix exists, dismiss the finding as accepted risk with an expiry, and look again then.",
    ],
  },
  {
    findingType: "IAC",
    slug: "iac-scanning",
    scanning: "infrastructure as code scanning",
    severity: "MEDIUM",
    description: "Infrastructure-as-code templates have security misconfigurations that would reach the cloud resources they deploy.",
    remediation: [
      "Open each finding to see the template, the resource and the misconfigured property.",
      "Correct the template as the rule's help describes; fixing the deployed resource alone is undone by the next deployment.",
      "Dismiss findings for resources that are deliberately configured so, with the reason.",
    ],
  },
];

const findingsRecommendations: FindingsRecommendationDefinition[] = (Object.keys(SUBJECT) as ProviderName[]).flatMap((provider) =>
  FINDING_KINDS.map(
    (kind): FindingsRecommendationDefinition => ({
      id: `${SUBJECT[provider].slug}-${kind.slug}-findings`,
      provider,
      kind: "FINDINGS",
      resourceType: "REPOSITORY",
      findingType: kind.findingType,
      title: `${SUBJECT[provider].plural} should have ${kind.scanning} findings resolved`,
      severity: kind.severity,
      severityRationale: null,
      description: kind.description,
      remediation: kind.remediation,
      evaluate(r) {
        const open = r.openByType[kind.findingType];
        if (open > 0) return { state: "UNHEALTHY", reason: `${open.toLocaleString("en-US")} open ${open === 1 ? "finding" : "findings"}.` };
        if (!r.scanned) return { state: "NOT_APPLICABLE", reason: `No scan or upload has reported on this ${SUBJECT[provider].one} yet.` };
        return { state: "HEALTHY", reason: "No open findings." };
      },
    }),
  ),
);

// ————— posture recommendations —————

const unknown = (what: string): Evaluation => ({ state: "NOT_APPLICABLE", reason: `Rampart could not read ${what}: the connector's identity may not see it.` });
const archived: Evaluation = { state: "NOT_APPLICABLE", reason: "The repository is archived (read-only)." };

/** A yes/no setting of a repository that should be on. */
function repositorySetting(
  definition: Omit<RepositoryPostureDefinition, "kind" | "resourceType" | "evaluate">,
  fact: keyof RepositoryPostureFacts,
  words: { what: string; on: string; off: string },
): RepositoryPostureDefinition {
  return {
    ...definition,
    kind: "POSTURE",
    resourceType: "REPOSITORY",
    evaluate(r) {
      if (r.archived) return archived;
      const value = r.facts[fact];
      if (value === undefined) return unknown(words.what);
      return value ? { state: "HEALTHY", reason: words.on } : { state: "UNHEALTHY", reason: words.off };
    },
  };
}

function twoReviewers(provider: ProviderName, id: string, title: string, remediation: string[]): RepositoryPostureDefinition {
  return {
    id,
    provider,
    kind: "POSTURE",
    resourceType: "REPOSITORY",
    title,
    severity: "MEDIUM",
    severityRationale: null,
    description: "One person can bring changes into the default branch on their own approval or none. Two reviewers keep a single compromised or careless account from shipping code.",
    remediation,
    evaluate(r) {
      if (r.archived) return archived;
      const n = r.facts.requiredApprovals;
      if (n === undefined) return unknown("the default branch's review requirements");
      return n >= 2 ? { state: "HEALTHY", reason: `${n} approvals required.` } : { state: "UNHEALTHY", reason: n === 0 ? "No approval is required." : "Only 1 approval is required." };
    },
  };
}

function authorsCannotApprove(provider: ProviderName, id: string, title: string, remediation: string[]): RepositoryPostureDefinition {
  return {
    id,
    provider,
    kind: "POSTURE",
    resourceType: "REPOSITORY",
    title,
    severity: "MEDIUM",
    severityRationale: provider === "GITLAB" ? "As Defender for Cloud rates the same check for Azure DevOps repositories." : null,
    description: "The author of a change can approve it, so a required review can be satisfied without anyone else reading the code.",
    remediation,
    evaluate(r) {
      if (r.archived) return archived;
      const can = r.facts.authorsCanApprove;
      if (can === undefined) return unknown("whether authors may approve their own changes");
      return can ? { state: "UNHEALTHY", reason: "Authors may approve their own changes." } : { state: "HEALTHY", reason: "Authors cannot approve their own changes." };
    },
  };
}

/** An organization-wide or project resource setting. */
function resourceCheck(
  definition: Omit<ResourcePostureDefinition, "kind" | "evaluate">,
  judge: (facts: PostureResourceEvaluationInput["facts"]) => Evaluation,
): ResourcePostureDefinition {
  return { ...definition, kind: "POSTURE", evaluate: (r) => judge(r.facts) };
}

const openToAll = (noun: string) => (facts: PostureResourceEvaluationInput["facts"]): Evaluation => {
  if (facts.openToAllPipelines === undefined) return unknown(`the ${noun}'s pipeline permissions`);
  return facts.openToAllPipelines
    ? { state: "UNHEALTHY", reason: `Every pipeline of the project may use this ${noun}.` }
    : { state: "HEALTHY", reason: `Only the pipelines it was granted to may use this ${noun}.` };
};

const githubPosture: RecommendationDefinition[] = [
  repositorySetting(
    {
      id: "github-secret-scanning-enabled",
      provider: "GITHUB",
      title: "GitHub repositories should have secret scanning enabled",
      severity: "HIGH",
      severityRationale: null,
      description: "Without secret scanning, credentials pushed to the repository go unnoticed until someone uses them.",
      remediation: ["In the repository, open Settings → Code security.", "Enable Secret Protection (secret scanning).", "Review the alerts it raises for secrets already in the history."],
    },
    "secretScanning",
    { what: "the repository's secret scanning setting", on: "Secret scanning is on.", off: "Secret scanning is off." },
  ),
  repositorySetting(
    {
      id: "github-push-protection-enabled",
      provider: "GITHUB",
      title: "GitHub repositories should have secret scanning push protection enabled",
      severity: "HIGH",
      severityRationale: "Rated as secret scanning itself: push protection stops the same High-severity leaks before they reach the repository.",
      description: "Without push protection, a secret is only found after it has been pushed, when it must already be treated as exposed.",
      remediation: ["In the repository, open Settings → Code security.", "Under Secret Protection, enable Push protection.", "Decide who may bypass it (delegated bypass) for the organization."],
    },
    "pushProtection",
    { what: "the repository's push protection setting", on: "Push protection is on.", off: "Push protection is off." },
  ),
  repositorySetting(
    {
      id: "github-code-scanning-enabled",
      provider: "GITHUB",
      title: "GitHub repositories should have code scanning enabled",
      severity: "MEDIUM",
      severityRationale: null,
      description: "Without code scanning, vulnerable coding patterns are not reported when they are introduced.",
      remediation: ["In the repository, open Settings → Code security.", "Under Code scanning, set up CodeQL analysis (default setup), or upload another tool's SARIF results."],
    },
    "codeScanning",
    { what: "the repository's code scanning setup", on: "Code scanning is configured.", off: "Code scanning is not configured." },
  ),
  repositorySetting(
    {
      id: "github-dependabot-enabled",
      provider: "GITHUB",
      title: "GitHub repositories should have Dependabot scanning enabled",
      severity: "MEDIUM",
      severityRationale: null,
      description: "Without Dependabot alerts, known vulnerabilities in the repository's dependencies are not reported.",
      remediation: ["In the repository, open Settings → Code security.", "Enable Dependabot alerts, and Dependabot security updates to get fix pull requests."],
    },
    "dependabot",
    { what: "the repository's Dependabot setting", on: "Dependabot alerts are on.", off: "Dependabot alerts are off." },
  ),
  repositorySetting(
    {
      id: "github-default-branch-protected",
      provider: "GITHUB",
      title: "GitHub repositories should have the default branch protected",
      severity: "MEDIUM",
      severityRationale: "As Defender for Cloud rates its other branch-policy checks (two reviewers): the protection rule is what those checks live in.",
      description: "Without a protection rule, anyone with write access can push to the default branch directly, bypassing review and status checks.",
      remediation: ["In the repository, open Settings → Branches (or Rules → Rulesets).", "Add a rule for the default branch that requires a pull request before merging."],
    },
    "defaultBranchProtected",
    { what: "the default branch's protection", on: "The default branch is protected.", off: "The default branch has no protection rule." },
  ),
  {
    id: "github-force-push-disabled",
    provider: "GITHUB",
    kind: "POSTURE",
    resourceType: "REPOSITORY",
    title: "GitHub repositories should have force pushes to the default branch disabled",
    severity: "MEDIUM",
    severityRationale: "As Defender for Cloud rates its branch-policy checks: a force push rewrites reviewed history, which is the same risk as skipping review.",
    description: "A force push can rewrite or erase the default branch's history, removing reviewed commits and hiding what was shipped.",
    remediation: ["In the repository, open Settings → Branches.", "Edit the default branch's rule and leave Allow force pushes unchecked."],
    evaluate(r) {
      if (r.archived) return archived;
      const allowed = r.facts.forcePushesAllowed;
      if (allowed === undefined) return unknown("the default branch's force-push setting");
      return allowed ? { state: "UNHEALTHY", reason: "Force pushes to the default branch are allowed." } : { state: "HEALTHY", reason: "Force pushes to the default branch are blocked." };
    },
  },
  twoReviewers("GITHUB", "github-two-reviewers", "GitHub repositories should require at least two reviewers to approve pull requests", [
    "In the repository, open Settings → Branches.",
    "Edit the default branch's rule: Require a pull request before merging, with Required approvals set to 2 or more.",
  ]),
  {
    id: "github-no-self-hosted-runners-public",
    provider: "GITHUB",
    kind: "POSTURE",
    resourceType: "REPOSITORY",
    title: "Public GitHub repositories should not use self-hosted runners",
    severity: "HIGH",
    severityRationale: "High because anyone can open a pull request on a public repository, and its workflow would run on your machine with its network access.",
    description: "A fork's pull request can run arbitrary code on a self-hosted runner of a public repository, and from there reach your network and credentials.",
    remediation: [
      "In the organization, open Settings → Actions → Runner groups.",
      "Remove public repositories from the groups of self-hosted runners (or disallow public repositories in each group).",
      "Run the public repository's workflows on GitHub-hosted runners.",
    ],
    evaluate(r) {
      if (r.visibility !== "public") return { state: "NOT_APPLICABLE", reason: "The repository is not public." };
      if (r.archived) return archived;
      const runners = r.facts.selfHostedRunners;
      if (runners === undefined) return unknown("the runners available to the repository");
      return runners ? { state: "UNHEALTHY", reason: "Self-hosted runners are available to this public repository." } : { state: "HEALTHY", reason: "No self-hosted runner is available to it." };
    },
  },
  resourceCheck(
    {
      id: "github-org-base-permissions",
      provider: "GITHUB",
      resourceType: "ORGANIZATION",
      title: "GitHub organizations should set base permissions to none or read",
      severity: "HIGH",
      severityRationale: "High because the base permission applies to every member and every repository at once: write or admin lets any member's compromised account change any repository.",
      description: "The base permission is what every member gets on every repository. Write or admin lets all members push to, or administer, every repository.",
      remediation: ["In the organization, open Settings → Member privileges.", "Set Base permissions to No permission or Read.", "Grant write access through teams, to the repositories each team works on."],
    },
    (f) => {
      if (f.basePermission === undefined) return unknown("the organization's base permission");
      return f.basePermission === "none" || f.basePermission === "read"
        ? { state: "HEALTHY", reason: `Base permission is ${f.basePermission}.` }
        : { state: "UNHEALTHY", reason: `Base permission is ${f.basePermission}: every member may ${f.basePermission === "admin" ? "administer" : "push to"} every repository.` };
    },
  ),
  resourceCheck(
    {
      id: "github-org-multiple-owners",
      provider: "GITHUB",
      resourceType: "ORGANIZATION",
      title: "GitHub organizations should have more than one owner",
      severity: "LOW",
      severityRationale: "Low because it is a resilience risk rather than an exposure: a sole owner who leaves or loses their account locks the organization's administration.",
      description: "With a single owner, losing that account (departure, lockout, compromise) leaves nobody able to administer the organization or respond to an incident.",
      remediation: ["In the organization, open People.", "Give a second trusted person the Owner role (and keep owners few)."],
    },
    (f) => {
      if (f.ownerCount === undefined) return unknown("the organization's owners");
      return f.ownerCount > 1 ? { state: "HEALTHY", reason: `${f.ownerCount} owners.` } : { state: "UNHEALTHY", reason: f.ownerCount === 1 ? "A single owner." : "No owner." };
    },
  ),
  resourceCheck(
    {
      id: "github-org-workflow-permissions-read",
      provider: "GITHUB",
      resourceType: "ORGANIZATION",
      title: "GitHub organizations should set Actions workflow permissions to read-only",
      severity: "HIGH",
      severityRationale: "High because a write token in every workflow lets one compromised action or dependency push code and releases in any repository.",
      description: "With read and write workflow permissions, every workflow's GITHUB_TOKEN can push code, create releases and change issues, whatever the workflow needs.",
      remediation: [
        "In the organization, open Settings → Actions → General.",
        "Under Workflow permissions, choose Read repository contents and packages permissions.",
        "Give workflows that need more an explicit `permissions:` block.",
      ],
    },
    (f) => {
      if (f.workflowPermissions === undefined) return unknown("the organization's workflow permissions");
      return f.workflowPermissions === "read" ? { state: "HEALTHY", reason: "Workflows get a read-only token." } : { state: "UNHEALTHY", reason: "Workflows get a read and write token by default." };
    },
  ),
];

const azureDevOpsPosture: RecommendationDefinition[] = [
  repositorySetting(
    {
      id: "azure-devops-advanced-security-enabled",
      provider: "AZURE_DEVOPS",
      title: "Azure DevOps repositories should have Advanced Security enabled",
      severity: "MEDIUM",
      severityRationale: "Medium, as Defender for Cloud rates the code and dependency scanning it turns on.",
      description: "Without Advanced Security, the repository gets no secret, code or dependency scanning of its own in Azure DevOps.",
      remediation: ["In the project, open Project settings → Repositories and select the repository.", "Turn on Advanced Security (billing applies per active committer)."],
    },
    "advancedSecurity",
    { what: "the repository's Advanced Security setting", on: "Advanced Security is on.", off: "Advanced Security is off." },
  ),
  twoReviewers("AZURE_DEVOPS", "azure-devops-two-reviewers", "Azure DevOps repositories should require at least two reviewers to approve pull requests", [
    "In the project, open Project settings → Repositories → the repository → Policies, and select the default branch.",
    "Turn on Require a minimum number of reviewers, with 2 or more.",
  ]),
  authorsCannotApprove("AZURE_DEVOPS", "azure-devops-requestors-cannot-approve", "Azure DevOps repositories should not allow requestors to approve their own pull requests", [
    "Open the default branch's policies (Project settings → Repositories → the repository → Policies).",
    "Under Require a minimum number of reviewers, clear Allow requestors to approve their own changes.",
  ]),
  resourceCheck(
    {
      id: "azure-devops-pipeline-fork-secrets",
      provider: "AZURE_DEVOPS",
      resourceType: "PIPELINE",
      title: "Azure DevOps pipelines should not make secrets available to builds of forks",
      severity: "HIGH",
      severityRationale: null,
      description: "A pull request from a fork runs the fork's code in the pipeline. With secrets available, that code can read and send them anywhere.",
      remediation: ["Edit the pipeline and open Triggers → Pull request validation.", "Under Forks, clear Make secrets available to builds of forks."],
    },
    (f) => {
      if (f.forkBuildsGetSecrets === undefined) return unknown("the pipeline's fork settings");
      return f.forkBuildsGetSecrets ? { state: "UNHEALTHY", reason: "Builds of forks get the pipeline's secrets." } : { state: "HEALTHY", reason: "Builds of forks get no secrets." };
    },
  ),
  resourceCheck(
    {
      id: "azure-devops-service-connection-all-pipelines",
      provider: "AZURE_DEVOPS",
      resourceType: "SERVICE_CONNECTION",
      title: "Azure DevOps service connections should not grant access to all pipelines",
      severity: "HIGH",
      severityRationale: null,
      description: "A service connection open to all pipelines lets any pipeline of the project, including new ones, act with its credentials in the cloud.",
      remediation: ["Open Project settings → Service connections and select the connection.", "Under Security, turn off Grant access permission to all pipelines.", "Authorize the pipelines that need it one by one."],
    },
    openToAll("service connection"),
  ),
  resourceCheck(
    {
      id: "azure-devops-variable-group-all-pipelines",
      provider: "AZURE_DEVOPS",
      resourceType: "VARIABLE_GROUP",
      title: "Azure DevOps variable groups with secret variables should not grant access to all pipelines",
      severity: "HIGH",
      severityRationale: null,
      description: "A variable group with secrets that is open to all pipelines hands those secrets to any pipeline of the project.",
      remediation: ["Open Pipelines → Library and select the variable group.", "Under Pipeline permissions, remove open access.", "Authorize the pipelines that need it one by one."],
    },
    (f) => {
      if (f.hasSecrets === false) return { state: "NOT_APPLICABLE", reason: "The variable group holds no secret variables." };
      return openToAll("variable group")(f);
    },
  ),
  resourceCheck(
    {
      id: "azure-devops-secure-file-all-pipelines",
      provider: "AZURE_DEVOPS",
      resourceType: "SECURE_FILE",
      title: "Azure DevOps secure files should not grant access to all pipelines",
      severity: "HIGH",
      severityRationale: null,
      description: "Secure files hold certificates, keys and profiles. Open to all pipelines, any pipeline of the project can read them.",
      remediation: ["Open Pipelines → Library → Secure files and select the file.", "Under Pipeline permissions, remove open access.", "Authorize the pipelines that need it one by one."],
    },
    openToAll("secure file"),
  ),
];

const gitlabPosture: RecommendationDefinition[] = [
  twoReviewers("GITLAB", "gitlab-two-approvers", "GitLab projects should require at least two approvers for merge requests", [
    "In the project, open Settings → Merge requests → Merge request approvals.",
    "Add an approval rule for the default branch with 2 or more required approvals.",
  ]),
  authorsCannotApprove("GITLAB", "gitlab-authors-cannot-approve", "GitLab projects should not allow authors to approve their own merge requests", [
    "In the project, open Settings → Merge requests → Merge request approvals → Approval settings.",
    "Select Prevent approval by merge request creator (or set it for the whole group).",
  ]),
];

export const RECOMMENDATIONS: readonly RecommendationDefinition[] = [...findingsRecommendations, ...githubPosture, ...azureDevOpsPosture, ...gitlabPosture];

const BY_ID = new Map(RECOMMENDATIONS.map((r) => [r.id, r]));

export function recommendationById(id: string): RecommendationDefinition | undefined {
  return BY_ID.get(id);
}

/** The recommendations that judge a provider's repositories. */
export function repositoryRecommendations(provider: ProviderName): (FindingsRecommendationDefinition | RepositoryPostureDefinition)[] {
  return RECOMMENDATIONS.filter((r): r is FindingsRecommendationDefinition | RepositoryPostureDefinition => r.provider === provider && r.resourceType === "REPOSITORY");
}

/** The recommendations that judge a provider's posture resources of one kind. */
export function resourceRecommendations(provider: ProviderName, kind: PostureResourceKindName): ResourcePostureDefinition[] {
  return RECOMMENDATIONS.filter((r): r is ResourcePostureDefinition => r.provider === provider && r.resourceType === kind);
}

/** Container findings have no repository recommendation (Defender raises those on the registry image). */
export const FINDINGS_RECOMMENDATION_TYPES = ["SECRETS", "CODE", "DEPENDENCY", "IAC"] as const;
