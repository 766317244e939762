import type { FindingTypeName } from "@/lib/schemas/findings";
import type { SarifRun } from "./sarif-log";

/**
 * Which kind of finding a tool's results are (code, secrets, dependency, IaC,
 * container), from the tool's name. Software-composition scanners (Trivy, Grype,
 * OSV-Scanner, npm audit) find vulnerable packages both in a working copy and in a
 * container image, so for them the scan's target decides.
 */

/** What a software-composition scanner looked at. */
export type ScanTarget = "container-image" | "source";

type ToolFamily = FindingTypeName | "COMPOSITION";

/**
 * Tool names are compared after lower-casing and dropping everything but letters and
 * digits, and a known name may appear anywhere in the tool's: drivers spell themselves
 * "ESLint", "eslint", "Semgrep OSS", "Microsoft.TemplateAnalyzer", "osv-scanner".
 * Secrets come first so that "secretlint" is never read as a linter of code.
 */
const TOOL_FAMILIES: readonly (readonly [normalizedName: string, family: ToolFamily])[] = [
  ["gitleaks", "SECRETS"],
  ["secretlint", "SECRETS"],
  ["trufflehog", "SECRETS"],
  ["checkov", "IAC"],
  ["templateanalyzer", "IAC"],
  ["terrascan", "IAC"],
  ["kics", "IAC"],
  ["tfsec", "IAC"],
  ["trivy", "COMPOSITION"],
  ["grype", "COMPOSITION"],
  ["osvscanner", "COMPOSITION"],
  ["npmaudit", "COMPOSITION"],
  ["eslint", "CODE"],
  ["bandit", "CODE"],
  ["semgrep", "CODE"],
  ["codeql", "CODE"],
];

/**
 * Words an uploader may pass as `category` to say what the results are. A category that
 * is none of these (GitHub-style "/language:javascript", "frontend") still separates
 * result sets for identity, but says nothing about the type.
 */
const CATEGORY_TYPES: Readonly<Record<string, FindingTypeName>> = {
  code: "CODE",
  sast: "CODE",
  secret: "SECRETS",
  secrets: "SECRETS",
  dependency: "DEPENDENCY",
  dependencies: "DEPENDENCY",
  sca: "DEPENDENCY",
  iac: "IAC",
  infrastructureascode: "IAC",
  container: "CONTAINER",
  containers: "CONTAINER",
  image: "CONTAINER",
};

function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** The finding type a `category` names, if it names one. */
export function findingTypeOfCategory(category: string): FindingTypeName | undefined {
  return CATEGORY_TYPES[normalizeName(category)];
}

export function findingTypeOf(toolName: string, opts: { category?: string; target?: ScanTarget } = {}): FindingTypeName {
  const fromCategory = opts.category === undefined ? undefined : findingTypeOfCategory(opts.category);
  if (fromCategory) return fromCategory;

  const name = normalizeName(toolName);
  const family = TOOL_FAMILIES.find(([known]) => name.includes(known))?.[1];
  if (family === "COMPOSITION") return opts.target === "container-image" ? "CONTAINER" : "DEPENDENCY";
  // The issue: unknown tools are accepted as code unless the uploader says otherwise.
  return family ?? "CODE";
}

/**
 * Image-scanning runs say so in their run properties: Trivy writes `imageName`,
 * `imageID`, `repoDigests` and `repoTags` there for an image and none of them for a
 * filesystem or repository scan. Anything without such a sign is taken as source,
 * because a container category (or the CLI's own upload) can always say otherwise.
 */
const IMAGE_PROPERTIES = ["imageName", "imageID", "imageId", "repoDigests", "repoTags"];

export function scanTargetOf(run: Pick<SarifRun, "properties">): ScanTarget {
  const properties = run.properties ?? {};
  return IMAGE_PROPERTIES.some((key) => properties[key] !== undefined) ? "container-image" : "source";
}
