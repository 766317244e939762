import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCANNER_IDS } from "@/lib/schemas/connectors";
import { scannerAvailability } from "./availability";
import { SCANNER_CATALOG, SCANNER_DEFINITIONS } from "./catalog";
import { listFiles } from "./files";

let repo: string;
let files: string[];

const FILES: Record<string, string> = {
  "app/index.ts": "export const a = 1;\n",
  "app/types.d.ts": "export type A = 1;\n",
  "app/vendor.min.js": "var a=1;\n",
  "tools/job.py": "import os\n",
  "infra/main.tf": 'resource "aws_s3_bucket" "b" {}\n',
  "infra/prod.tfvars": 'region = "eu-west-1"\n',
  "infra/stack.yaml": "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n",
  "k8s/deploy.yml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n",
  "chart/Chart.yaml": "apiVersion: v2\nname: web\nversion: 1.0.0\n",
  "chart/templates/_helpers.tpl": '{{- define "web.name" -}}web{{- end }}\n',
  "chart/values.yaml": "replicas: 2\n",
  "azure/main.bicep": "param location string\n",
  "azure/azuredeploy.json": '{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n  "resources": []\n}\n',
  "azure/azuredeploy.parameters.json": '{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",\n  "parameters": {}\n}\n',
  "Dockerfile": "FROM node:22\n",
  "docker/api.Dockerfile": "FROM node:22\n",
  ".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n",
  "package.json": '{ "name": "app" }\n',
  ".checkov.yaml": "skip-check: CKV_AWS_20\n",
  "node_modules/dep/main.tf": 'resource "x" "y" {}\n',
};

beforeAll(async () => {
  repo = await mkdtemp(path.join(tmpdir(), "rampart-catalog-"));
  for (const [name, text] of Object.entries(FILES)) {
    await mkdir(path.dirname(path.join(repo, name)), { recursive: true });
    await writeFile(path.join(repo, name), text);
  }
  await symlink("/etc/hostname", path.join(repo, "infra/linked.tf"));
  files = (await listFiles(repo)).files;
});

afterAll(() => rm(repo, { recursive: true, force: true }));

const relative = (chosen: string[]) => chosen.map((f) => path.relative(repo, f)).sort();

describe("the scanner catalog", () => {
  it("has an entry for every scanner a connector can select, in the connectors' order", () => {
    expect(SCANNER_DEFINITIONS.map((s) => s.id)).toEqual(SCANNER_IDS);
    expect(Object.keys(SCANNER_CATALOG).sort()).toEqual([...SCANNER_IDS].sort());
    expect(SCANNER_DEFINITIONS.map((s) => s.label)).toEqual(["ESLint", "Bandit", "Checkov", "Template Analyzer", "Secrets (secretlint)"]);
  });

  it("chooses the files each scanner reads: by name for code, by content for YAML and JSON, never settings, links or dependencies", async () => {
    expect(relative(await SCANNER_CATALOG.eslint.selectFiles(files))).toEqual(["app/index.ts"]);
    expect(relative(await SCANNER_CATALOG.bandit.selectFiles(files))).toEqual(["tools/job.py"]);
    expect(relative(await SCANNER_CATALOG.checkov.selectFiles(files))).toEqual([
      "Dockerfile",
      "azure/azuredeploy.json",
      "azure/main.bicep",
      "chart/Chart.yaml",
      "chart/templates/_helpers.tpl",
      "chart/values.yaml",
      "docker/api.Dockerfile",
      "infra/main.tf",
      "infra/prod.tfvars",
      "infra/stack.yaml",
      "k8s/deploy.yml",
    ]);
    expect(relative(await SCANNER_CATALOG["template-analyzer"].selectFiles(files))).toEqual(["azure/azuredeploy.json", "azure/azuredeploy.parameters.json", "azure/main.bicep"]);
    expect(relative(await SCANNER_CATALOG.secrets.selectFiles(files))).toHaveLength(files.length);
    expect(relative(files)).not.toContain("infra/linked.tf");
    expect(relative(files)).not.toContain("node_modules/dep/main.tf");
  });

  it("gives Template Analyzer nothing when there are parameter files but no template", async () => {
    const parameters = files.filter((f) => f.endsWith("azuredeploy.parameters.json"));
    expect(await SCANNER_CATALOG["template-analyzer"].selectFiles(parameters)).toEqual([]);
  });
});

describe("scannerAvailability", () => {
  it("says which scanners are installed here with their versions, and why the others are not; the answer is kept for a minute", async () => {
    // A PATH with Bandit (Debian's, as CI installs it) and neither checkov nor TemplateAnalyzer, whatever this machine has.
    const bin = path.join(repo, ".bin");
    await mkdir(bin);
    await symlink(execFileSync("sh", ["-c", "command -v bandit"], { encoding: "utf8" }).trim(), path.join(bin, "bandit"));
    const originalPath = process.env.PATH;
    process.env.PATH = bin;
    let first;
    try {
      first = scannerAvailability({ fresh: true });
      expect(scannerAvailability()).toBe(first);
      await first;
    } finally {
      process.env.PATH = originalPath;
    }
    expect(scannerAvailability()).toBe(first);
    const answer = await first;
    expect(answer.map((a) => a.id)).toEqual(SCANNER_IDS);
    const by = Object.fromEntries(answer.map((a) => [a.id, a]));
    expect(by.eslint).toEqual({ id: "eslint", label: "ESLint", installed: true, version: expect.stringMatching(/^9\.\d+\.\d+$/) });
    expect(by.secrets).toEqual({ id: "secrets", label: "Secrets (secretlint)", installed: true, version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    expect(by.bandit).toMatchObject({ installed: true, version: expect.stringMatching(/^\d+\.\d+/) });
    expect(by.checkov).toEqual({ id: "checkov", label: "Checkov", installed: false, version: null, reason: expect.stringContaining("checkov is not on PATH (pip install checkov") });
    expect(by["template-analyzer"]).toMatchObject({ installed: false, version: null, reason: expect.stringContaining("TemplateAnalyzer is not on PATH") });
    const again = scannerAvailability({ fresh: true });
    expect(again).not.toBe(first);
    await again;
  });
});
