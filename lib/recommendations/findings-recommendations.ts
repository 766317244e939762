import type { ProviderName } from "@/lib/schemas/connectors";
import type { FindingTypeName, SeverityName } from "@/lib/schemas/findings";

/**
 * The findings recommendations Defender for Cloud defines for DevOps repositories: one
 * per provider and scan kind ("GitHub repositories should have secret scanning findings
 * resolved"), unhealthy for a repository while it has open findings of that kind.
 *
 * Until the recommendation catalog exists (issue 7) they are evaluated here from the
 * repository's open-finding counters; the catalog takes these definitions over. Container
 * image findings have no repository recommendation (Defender raises those on the registry
 * image), so they are counted on the health page but not listed here.
 */

export interface FindingsRecommendation {
  /** Stable id, e.g. "github-secret-scanning-findings". */
  id: string;
  provider: ProviderName;
  findingType: FindingTypeName;
  title: string;
  severity: SeverityName;
  /** What it means and what to do, in a sentence or two. */
  description: string;
}

const KINDS: { findingType: FindingTypeName; slug: string; scanning: string; severity: SeverityName; description: string }[] = [
  {
    findingType: "SECRETS",
    slug: "secret-scanning",
    scanning: "secret scanning",
    severity: "HIGH",
    description: "Credentials or keys are committed to the repository. Revoke and rotate each exposed secret, then remove it from the code and its history.",
  },
  {
    findingType: "CODE",
    slug: "code-scanning",
    scanning: "code scanning",
    severity: "MEDIUM",
    description: "Static analysis found unsafe coding practices or known vulnerable patterns in the code. Fix them, or dismiss the false positives.",
  },
  {
    findingType: "DEPENDENCY",
    slug: "dependency-scanning",
    scanning: "dependency vulnerability scanning",
    severity: "MEDIUM",
    description: "Open-source packages the repository depends on have known vulnerabilities. Update them to versions with a fix.",
  },
  {
    findingType: "IAC",
    slug: "iac-scanning",
    scanning: "infrastructure as code scanning",
    severity: "MEDIUM",
    description: "Infrastructure-as-code templates have security misconfigurations that would reach the resources they deploy. Correct the templates.",
  },
];

/** What Defender calls the provider's repositories in recommendation titles. */
const SUBJECT: Record<ProviderName, { slug: string; plural: string }> = {
  AZURE_DEVOPS: { slug: "azure-devops", plural: "Azure DevOps repositories" },
  GITHUB: { slug: "github", plural: "GitHub repositories" },
  GITLAB: { slug: "gitlab", plural: "GitLab projects" },
};

export const FINDINGS_RECOMMENDATIONS: readonly FindingsRecommendation[] = (Object.keys(SUBJECT) as ProviderName[]).flatMap((provider) =>
  KINDS.map((kind) => ({
    id: `${SUBJECT[provider].slug}-${kind.slug}-findings`,
    provider,
    findingType: kind.findingType,
    title: `${SUBJECT[provider].plural} should have ${kind.scanning} findings resolved`,
    severity: kind.severity,
    description: kind.description,
  })),
);

/**
 * HEALTHY: scanned, and no open findings of the kind. NOT_ASSESSED: nothing has been
 * scanned or uploaded yet, so "no findings" proves nothing.
 */
export const RECOMMENDATION_STATUSES = ["UNHEALTHY", "HEALTHY", "NOT_ASSESSED"] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];

export interface RecommendationAssessment extends FindingsRecommendation {
  status: RecommendationStatus;
  openFindings: number;
}

const SEVERITY_ORDER: Record<SeverityName, number> = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3 };
const STATUS_ORDER: Record<RecommendationStatus, number> = { UNHEALTHY: 0, NOT_ASSESSED: 1, HEALTHY: 2 };

/**
 * The provider's findings recommendations for one repository: unhealthy ones first (most
 * severe, then most findings), then the rest in definition order.
 */
export function assessFindingsRecommendations(repository: {
  provider: ProviderName;
  openByType: Record<FindingTypeName, number>;
  /** Any scan or upload has reported on the repository (lastScanAt is set). */
  scanned: boolean;
}): RecommendationAssessment[] {
  const assessed = FINDINGS_RECOMMENDATIONS.filter((r) => r.provider === repository.provider).map((r, index) => {
    const openFindings = repository.openByType[r.findingType];
    const status: RecommendationStatus = openFindings > 0 ? "UNHEALTHY" : repository.scanned ? "HEALTHY" : "NOT_ASSESSED";
    return { assessment: { ...r, status, openFindings }, index };
  });
  assessed.sort(
    ({ assessment: a, index: i }, { assessment: b, index: j }) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      (a.status === "UNHEALTHY" ? SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.openFindings - a.openFindings : 0) ||
      i - j,
  );
  return assessed.map((entry) => entry.assessment);
}
