import "server-only";
import { SCANNERS as CONNECTOR_SCANNERS, type ScannerId } from "@/lib/schemas/connectors";
import {
  BANDIT_COMMAND,
  banditVersion,
  CHECKOV_COMMAND,
  checkovVersion,
  ESLINT_VERSION,
  SECRETLINT_VERSION,
  TEMPLATE_ANALYZER_COMMAND,
  templateAnalyzerVersion,
} from "./detect";
import { isJavaScriptLike, isPython } from "./files";
import { checkovFiles, templateAnalyzerFiles } from "./iac-files";
import { ScannerError } from "./types";

/**
 * Every scanner Rampart can run, keyed by the ids connectors select them by
 * (lib/schemas/connectors.ts SCANNERS): its name, the files it looks at, whether it is
 * installed here and its version. `rampart scan` and the server's agentless scans
 * (run-scanners.ts) both choose files through it, so both choose the same.
 *
 * How each runs is in runners.ts: the console reads the catalog (availability.ts)
 * without loading ESLint, secretlint or the SARIF builder.
 */

export type Detection = {
  installed: boolean;
  /** The version that runs; null when not installed. */
  version: string | null;
  /** Why it is not installed, or cannot be used, in words for an operator. */
  reason?: string;
};

export type ScannerDefinition = {
  id: ScannerId;
  label: string;
  /** What it looks at, for people. */
  looksAt: string;
  /** The SARIF driver name of its runs (as findings record their tool). */
  toolName: string;
  /**
   * "bundled": an npm dependency of Rampart, always installed, run inside the scanning
   * process; "executable": a program found on PATH, run as its own process.
   */
  install: { kind: "bundled" } | { kind: "executable"; command: string; howToInstall: string };
  /** The files of a working copy's listing (files.ts listFiles) it reads. */
  selectFiles(files: readonly string[]): Promise<string[]>;
  /** Whether it is installed here, and its version. Never throws. */
  detect(): Promise<Detection>;
};

const labelOf = (id: ScannerId) => CONNECTOR_SCANNERS.find((s) => s.id === id)!.label;

/** A program on PATH: installed when its version command answers. */
async function detectExecutable(version: () => Promise<string | null>, missing: string): Promise<Detection> {
  try {
    const found = await version();
    return found === null ? { installed: false, version: null, reason: missing } : { installed: true, version: found };
  } catch (error) {
    return { installed: false, version: null, reason: error instanceof ScannerError ? error.message : `its version could not be read (${(error as Error).message})` };
  }
}

const BANDIT_INSTALL = "apt-get install bandit, or pip install bandit";
const CHECKOV_INSTALL = "pip install checkov (Python 3.9 or later), or pipx install checkov";
const TEMPLATE_ANALYZER_INSTALL = "unzip TemplateAnalyzer-linux-x64.zip from github.com/Azure/template-analyzer/releases and put its folder on PATH";

export const SCANNER_CATALOG: Readonly<Record<ScannerId, ScannerDefinition>> = {
  eslint: {
    id: "eslint",
    label: labelOf("eslint"),
    toolName: "ESLint",
    looksAt: ".js .mjs .cjs .jsx .ts .mts .cts .tsx (not .d.ts, not *.min.js)",
    install: { kind: "bundled" },
    selectFiles: async (files) => files.filter(isJavaScriptLike),
    detect: async () => ({ installed: true, version: ESLINT_VERSION }),
  },
  bandit: {
    id: "bandit",
    label: labelOf("bandit"),
    toolName: "Bandit",
    looksAt: ".py .pyw",
    install: { kind: "executable", command: BANDIT_COMMAND, howToInstall: BANDIT_INSTALL },
    selectFiles: async (files) => files.filter(isPython),
    detect: () => detectExecutable(banditVersion, `bandit is not on PATH (${BANDIT_INSTALL})`),
  },
  checkov: {
    id: "checkov",
    label: labelOf("checkov"),
    toolName: "Checkov",
    looksAt:
      "Terraform (.tf, .tfvars), CloudFormation, Kubernetes manifests, Helm charts, kustomizations, Serverless files, Dockerfiles, ARM templates, Bicep",
    install: { kind: "executable", command: CHECKOV_COMMAND, howToInstall: CHECKOV_INSTALL },
    selectFiles: checkovFiles,
    detect: () => detectExecutable(checkovVersion, `checkov is not on PATH (${CHECKOV_INSTALL})`),
  },
  "template-analyzer": {
    id: "template-analyzer",
    label: labelOf("template-analyzer"),
    toolName: "Template Analyzer",
    looksAt: "ARM templates (.json with a deploymentTemplate schema) and their parameter files, Bicep (.bicep, .bicepparam)",
    install: { kind: "executable", command: TEMPLATE_ANALYZER_COMMAND, howToInstall: TEMPLATE_ANALYZER_INSTALL },
    selectFiles: templateAnalyzerFiles,
    detect: () => detectExecutable(templateAnalyzerVersion, `TemplateAnalyzer is not on PATH (${TEMPLATE_ANALYZER_INSTALL})`),
  },
  secrets: {
    id: "secrets",
    label: labelOf("secrets"),
    toolName: "secretlint",
    looksAt: "every text file",
    install: { kind: "bundled" },
    selectFiles: async (files) => [...files],
    detect: async () => ({ installed: true, version: SECRETLINT_VERSION }),
  },
};

/** The catalog in the connectors' order (ESLint, Bandit, Checkov, Template Analyzer, Secrets). */
export const SCANNER_DEFINITIONS: readonly ScannerDefinition[] = CONNECTOR_SCANNERS.map((s) => SCANNER_CATALOG[s.id]);
