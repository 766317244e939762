import "server-only";
import { readFile } from "node:fs/promises";
import path from "node:path";

/**
 * Which files of a working copy are infrastructure as code, for Checkov and Template
 * Analyzer. File names decide for Terraform, Bicep and Dockerfiles; YAML and JSON are
 * everywhere (CI settings, package manifests, fixtures), so their content decides:
 * Kubernetes manifests, CloudFormation templates and ARM templates say what they are
 * near the top. A repository with none of these is not given to either tool.
 */

const TERRAFORM = /\.(?:tf|tfvars)(?:\.json)?$/i;
const BICEP = /\.bicep(?:param)?$/i;
const YAML = /\.ya?ml$/i;
const JSON_FILE = /\.json$/i;
const DOCKERFILE = /^(?:Dockerfile|Containerfile)(?:\.[^/\\]+)?$|\.dockerfile$/i;
/** Checkov's own settings: never handed to it (the repository must not configure the scan). */
const CHECKOV_SETTINGS = /^\.checkov\.ya?ml$/i;
const HELM_CHART = /^Chart\.ya?ml$/;
const KUSTOMIZATION = /^(?:kustomization\.ya?ml|Kustomization)$/;
const SERVERLESS = /^serverless\.(?:ya?ml|json)$/i;

/** `"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"` and its subscription, management group and tenant variants. */
const ARM_TEMPLATE_SCHEMA = /"\$schema"\s*:\s*"https?:\/\/schema\.management\.azure\.com\/schemas\/[^"]*deploymentTemplate\.json#?"/i;
const ARM_PARAMETERS_SCHEMA = /"\$schema"\s*:\s*"https?:\/\/schema\.management\.azure\.com\/schemas\/[^"]*deploymentParameters\.json#?"/i;
const KUBERNETES = /^apiVersion:\s*\S/m;
const KUBERNETES_KIND = /^kind:\s*\S/m;
const CLOUDFORMATION = /AWSTemplateFormatVersion|^\s*Type:\s*["']?AWS::|"Type"\s*:\s*"AWS::/m;

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch {
    return ""; // gone or unreadable: not infrastructure as code
  }
}

type Kind = "arm-template" | "arm-parameters" | "kubernetes" | "cloudformation" | null;

/** What a YAML or JSON file is, from its content. */
async function documentKind(file: string): Promise<Kind> {
  const text = await readText(file);
  if (JSON_FILE.test(file)) {
    if (ARM_TEMPLATE_SCHEMA.test(text)) return "arm-template";
    if (ARM_PARAMETERS_SCHEMA.test(text)) return "arm-parameters";
  }
  if (CLOUDFORMATION.test(text)) return "cloudformation";
  if (KUBERNETES.test(text) && KUBERNETES_KIND.test(text)) return "kubernetes";
  return null;
}

/** Folders (absolute) that hold a Helm chart or a kustomization: every file in them is part of it. */
function chartFolders(files: readonly string[]): string[] {
  return files.filter((f) => HELM_CHART.test(path.basename(f)) || KUSTOMIZATION.test(path.basename(f))).map((f) => path.dirname(f) + path.sep);
}

/**
 * The files Checkov reads: Terraform (.tf, .tfvars, and their JSON forms), Bicep, ARM
 * templates and their parameter files, CloudFormation, Kubernetes manifests, Helm charts,
 * kustomizations, Serverless files and Dockerfiles. `.checkov.yaml` is never among them.
 */
export async function checkovFiles(files: readonly string[]): Promise<string[]> {
  const charts = chartFolders(files);
  const chosen: string[] = [];
  for (const file of files) {
    const name = path.basename(file);
    if (CHECKOV_SETTINGS.test(name)) continue;
    if (TERRAFORM.test(name) || BICEP.test(name) || DOCKERFILE.test(name) || SERVERLESS.test(name) || charts.some((folder) => file.startsWith(folder))) {
      chosen.push(file);
    } else if (YAML.test(name) || JSON_FILE.test(name)) {
      const kind = await documentKind(file);
      if (kind !== null && kind !== "arm-parameters") chosen.push(file);
    }
  }
  return chosen;
}

/**
 * The files Template Analyzer reads: ARM templates (JSON with a deploymentTemplate
 * schema) and Bicep files, with the parameter files beside them (it pairs
 * `x.parameters.json` with `x.json`). None when there is no template: parameter files
 * alone are nothing to analyze.
 */
export async function templateAnalyzerFiles(files: readonly string[]): Promise<string[]> {
  const chosen: string[] = [];
  let templates = 0;
  for (const file of files) {
    const name = path.basename(file);
    if (BICEP.test(name)) {
      chosen.push(file);
      if (!name.toLowerCase().endsWith(".bicepparam")) templates++;
    } else if (JSON_FILE.test(name)) {
      const kind = await documentKind(file);
      if (kind === "arm-template") templates++;
      if (kind === "arm-template" || kind === "arm-parameters") chosen.push(file);
    }
  }
  return templates > 0 ? chosen : [];
}
