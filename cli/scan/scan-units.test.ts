// The pure parts of `rampart scan` and `rampart upload`, in-process (cli/scan/scan-cli.test.ts
// runs the command itself).
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentFingerprint } from "@/lib/server/sarif/fingerprint";
import type { SarifLog } from "@/lib/server/sarif/sarif-log";
import { validateSarif } from "@/lib/server/sarif/validate-sarif";
import { banditReportToSarif } from "@/lib/server/scanners/bandit";
import { FINGERPRINT_KEY } from "@/lib/server/scanners/prepare-log";
import { ClientError } from "./outcome";
import { prepareLog } from "./prepare-log";
import { ciProvenance, repositoryUri, withoutCredentials } from "./provenance";
import { atOrAbove, renderTable, summarize } from "./summary";

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "rampart-prepare-"));
  await mkdir(path.join(root, "src"), { recursive: true });
  await writeFile(path.join(root, "src/app.js"), "const a = 1;\neval(input);\nrun();\n\nnext();\n");
  await writeFile(path.join(root, "src/other file.js"), "eval(input);\n");
  await writeFile(path.join(tmpdir(), "rampart-prepare-outside.js"), "eval(secret);\n");
  await symlink(path.join(tmpdir(), "rampart-prepare-outside.js"), path.join(root, "src/link.js"));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(path.join(tmpdir(), "rampart-prepare-outside.js"), { force: true });
});

describe("banditReportToSarif", () => {
  it("keeps the test id, name, severity, confidence, CWE, line, column and quoted code, and turns errors into notifications", () => {
    const run = banditReportToSarif(
      {
        results: [
          {
            filename: "tools/job.py",
            test_id: "B602",
            test_name: "subprocess_popen_with_shell_equals_true",
            issue_text: "subprocess call with shell=True identified, security issue.",
            issue_severity: "HIGH",
            issue_confidence: "HIGH",
            issue_cwe: { id: 78, link: "https://cwe.mitre.org/data/definitions/78.html" },
            line_number: 5,
            line_range: [5, 6],
            col_offset: 4,
            code: "4 def run(cmd):\n5     subprocess.call(cmd,\n6         shell=True)\n",
            more_info: "https://bandit.readthedocs.io/en/1.7.5/plugins/b602_subprocess_popen_with_shell_equals_true.html",
          },
          {
            filename: "tools/job.py",
            test_id: "B324",
            test_name: "hashlib",
            issue_text: "Use of weak MD5 hash for security.",
            issue_severity: "LOW",
            issue_confidence: "MEDIUM",
            line_number: 2,
          },
        ],
        errors: [{ filename: "legacy/py2.py", reason: "syntax error while parsing AST from file" }],
      },
      "1.7.5",
      "/checkout",
    );

    expect(validateSarif({ version: "2.1.0", runs: [run] }).ok).toBe(true);
    expect(run.tool.driver).toMatchObject({ name: "Bandit", version: "1.7.5", informationUri: "https://bandit.readthedocs.io/" });
    expect(run.tool.driver.rules).toEqual([
      {
        id: "B324",
        name: "hashlib",
        shortDescription: { text: "Use of weak MD5 hash for security." },
        properties: { tags: ["security", "python"] },
      },
      {
        id: "B602",
        name: "subprocess_popen_with_shell_equals_true",
        shortDescription: { text: "subprocess call with shell=True identified, security issue." },
        helpUri: "https://bandit.readthedocs.io/en/1.7.5/plugins/b602_subprocess_popen_with_shell_equals_true.html",
        properties: { tags: ["security", "python", "CWE-78"], cwe: "CWE-78" },
      },
    ]);
    const [weak, shell] = run.results!;
    expect(weak).toMatchObject({ ruleId: "B324", ruleIndex: 0, level: "note", properties: { issue_severity: "LOW", issue_confidence: "MEDIUM" } });
    expect(shell).toMatchObject({
      ruleId: "B602",
      ruleIndex: 1,
      level: "error",
      message: { text: "subprocess call with shell=True identified, security issue." },
      properties: { issue_severity: "HIGH", issue_confidence: "HIGH", cwe: "CWE-78" },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: "file:///checkout/tools/job.py" },
            region: { startLine: 5, endLine: 6, startColumn: 5, snippet: { text: "    subprocess.call(cmd," } },
            contextRegion: { startLine: 4, endLine: 6, snippet: { text: "def run(cmd):\n    subprocess.call(cmd,\n        shell=True)" } },
          },
        },
      ],
    });
    expect((run as { invocations?: unknown }).invocations).toEqual([
      {
        executionSuccessful: true,
        toolExecutionNotifications: [
          {
            level: "error",
            message: { text: "syntax error while parsing AST from file" },
            locations: [{ physicalLocation: { artifactLocation: { uri: "file:///checkout/legacy/py2.py" } } }],
          },
        ],
      },
    ]);
  });
});

describe("CI and repository addresses", () => {
  it("reads each CI system's variables", () => {
    expect(ciProvenance({})).toBeNull();
    expect(ciProvenance({ GITHUB_ACTIONS: "true", GITHUB_SERVER_URL: "https://github.example.com/", GITHUB_REPOSITORY: "o/r", GITHUB_SHA: "abc", GITHUB_REF: "refs/tags/v1" })).toEqual({
      system: "GitHub Actions",
      provenance: { repository: "https://github.example.com/o/r", commit: "abc", branch: "refs/tags/v1" },
    });
    expect(
      ciProvenance({ TF_BUILD: "True", BUILD_REPOSITORY_URI: "https://dev.azure.com/o/p/_git/r", BUILD_SOURCEVERSION: "abc", BUILD_SOURCEBRANCH: "refs/pull/3/merge", SYSTEM_PULLREQUEST_SOURCEBRANCH: "refs/heads/topic" }),
    ).toEqual({ system: "Azure Pipelines", provenance: { repository: "https://dev.azure.com/o/p/_git/r", commit: "abc", branch: "topic" } });
    expect(ciProvenance({ GITLAB_CI: "true", CI_PROJECT_URL: "https://gitlab.com/g/r", CI_COMMIT_SHA: "abc", CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: "mr", CI_COMMIT_REF_NAME: "refs/merge-requests/1/head" })).toEqual({
      system: "GitLab CI",
      provenance: { repository: "https://gitlab.com/g/r", commit: "abc", branch: "mr" },
    });
  });

  it("drops credentials and writes scp-like remotes as URIs", () => {
    expect(withoutCredentials("https://gitlab-ci-token:abc@gitlab.com/g/r.git")).toBe("https://gitlab.com/g/r.git");
    expect(withoutCredentials("https://org@dev.azure.com/org/p/_git/r")).toBe("https://dev.azure.com/org/p/_git/r");
    expect(withoutCredentials("ssh://git:pw@host.example.com/r.git")).toBe("ssh://git@host.example.com/r.git");
    expect(withoutCredentials("git@github.com:o/r.git")).toBe("git@github.com:o/r.git");
    expect(repositoryUri("git@github.com:o/r.git")).toBe("ssh://git@github.com/o/r.git");
    expect(repositoryUri("git@ssh.dev.azure.com:v3/o/p/r")).toBe("ssh://git@ssh.dev.azure.com/v3/o/p/r");
    expect(repositoryUri("https://github.com/o/r")).toBe("https://github.com/o/r");
    expect(repositoryUri("github/o/r")).toBeUndefined();
  });
});

describe("prepareLog", () => {
  const result = (uri: string, extra: Record<string, unknown> = {}, line = 2) => ({
    ruleId: "no-eval",
    level: "error" as const,
    message: { text: "eval" },
    locations: [{ physicalLocation: { artifactLocation: { uri, ...extra }, region: { startLine: line } } }],
  });

  it("makes every way of naming a file relative to the root, adds content fingerprints, and reads nothing outside the root", async () => {
    const log = {
      version: "2.1.0",
      runs: [
        {
          tool: { driver: { name: "Tool", rules: [{ id: "no-eval" }] } },
          originalUriBaseIds: { CHECKOUT: { uri: `${pathToFileURL(root).href}/` } },
          artifacts: [{ location: { uri: pathToFileURL(path.join(root, "src/app.js")).href } }],
          results: [
            result(pathToFileURL(path.join(root, "src/app.js")).href),
            result("./src/app.js"),
            result(path.join(root, "src/other file.js"), {}, 1),
            result("src/other%20file.js", { uriBaseId: "CHECKOUT" }, 1),
            result("/elsewhere/lib.js"),
            result("https://example.com/lib.js"),
            result("src/link.js", {}, 1),
            result("../rampart-prepare-outside.js", {}, 1),
            { ...result("src/app.js"), partialFingerprints: { primaryLocationLineHash: "kept" } },
          ],
        },
      ],
    } as SarifLog;

    const { log: prepared, fingerprinted } = await prepareLog(log, { root, provenance: { repository: "git@github.com:o/r.git", commit: "abc", branch: "main" }, category: "frontend" });

    expect(log.runs[0]!.originalUriBaseIds!["%SRCROOT%"]).toBeUndefined(); // the input is left alone
    const run = prepared.runs[0]!;
    const locations = run.results!.map((r) => r.locations![0]!.physicalLocation!.artifactLocation);
    expect(locations).toEqual([
      { uri: "src/app.js", uriBaseId: "%SRCROOT%" },
      { uri: "src/app.js", uriBaseId: "%SRCROOT%" },
      { uri: "src/other%20file.js", uriBaseId: "%SRCROOT%" },
      { uri: "src/other%20file.js", uriBaseId: "%SRCROOT%" },
      { uri: "/elsewhere/lib.js" },
      { uri: "https://example.com/lib.js" },
      { uri: "src/link.js", uriBaseId: "%SRCROOT%" },
      { uri: "../rampart-prepare-outside.js", uriBaseId: "%SRCROOT%" },
      { uri: "src/app.js", uriBaseId: "%SRCROOT%" },
    ]);
    expect(run.artifacts).toEqual([{ location: { uri: "src/app.js", uriBaseId: "%SRCROOT%" } }]);
    expect(run.originalUriBaseIds!["%SRCROOT%"]!.uri).toBe(`${pathToFileURL(root).href}/`);

    const lines = "const a = 1;\neval(input);\nrun();\n\nnext();\n".split("\n");
    const appPrint = contentFingerprint({ ruleId: "no-eval", path: "src/app.js", lines, startLine: 2 });
    const otherPrint = contentFingerprint({ ruleId: "no-eval", path: "src/other file.js", lines: ["eval(input);", ""], startLine: 1 });
    expect(run.results!.map((r) => r.partialFingerprints)).toEqual([
      { [FINGERPRINT_KEY]: appPrint },
      { [FINGERPRINT_KEY]: appPrint },
      { [FINGERPRINT_KEY]: otherPrint },
      { [FINGERPRINT_KEY]: otherPrint },
      undefined, // not in the repository
      undefined,
      undefined, // a link out of the repository is not followed
      undefined, // nor a path that climbs out of it
      { primaryLocationLineHash: "kept" },
    ]);
    expect(fingerprinted).toBe(4);
    expect(run.versionControlProvenance).toEqual([{ repositoryUri: "ssh://git@github.com/o/r.git", revisionId: "abc", branch: "main", mappedTo: { uriBaseId: "%SRCROOT%" } }]);
    expect(run.automationDetails).toEqual({ id: "frontend/" });
    expect(validateSarif(prepared).ok).toBe(true);
  });

  it("refuses a log over Rampart's limits as a usage error (exit 2)", async () => {
    const log = { version: "2.1.0", runs: [{ tool: { driver: { name: "x" } }, results: [{ message: { text: "m" }, locations: Array.from({ length: 1001 }, () => ({})) }] }] } as SarifLog;
    const error = await prepareLog(log, { root, provenance: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    expect(error).toMatchObject({ exitCode: 2, message: "Result 0 of run 0 has 1,001 locations; at most 1,000 per result are accepted. (Rampart's limit; nothing was uploaded)" });
  });
});

describe("summary", () => {
  it("counts and gates with the server's severity and type rules", () => {
    const log: SarifLog = {
      version: "2.1.0",
      runs: [
        {
          tool: { driver: { name: "secretlint", rules: [{ id: "aws" }] } },
          results: [{ ruleId: "aws", level: "error", message: { text: "key" }, locations: [{ physicalLocation: { artifactLocation: { uri: "a.env" }, region: { startLine: 3 } } }] }],
        },
        {
          tool: { driver: { name: "Semgrep", rules: [{ id: "sqli", properties: { "security-severity": "9.8" } }, { id: "style", defaultConfiguration: { level: "note" } }] } },
          results: [
            { ruleId: "sqli", message: { text: "SQL injection" }, locations: [{ physicalLocation: { artifactLocation: { uri: "db.js" }, region: { startLine: 9 } } }] },
            { ruleId: "style", message: { text: "style" } },
            { ruleId: "style", message: { text: "suppressed" }, suppressions: [{ kind: "inSource" }] },
          ],
        },
      ],
    };
    const summary = summarize(log);
    expect(summary.findings.map((f) => [f.type, f.severity, f.ruleId, f.path, f.line])).toEqual([
      ["CODE", "CRITICAL", "sqli", "db.js", 9],
      ["SECRETS", "HIGH", "aws", "a.env", 3],
      ["CODE", "LOW", "style", null, null],
    ]);
    expect([atOrAbove(summary.findings, "CRITICAL"), atOrAbove(summary.findings, "HIGH"), atOrAbove(summary.findings, "LOW")]).toEqual([1, 2, 3]);
    expect(renderTable(summary, { failOn: "HIGH" })).toBe(
      [
        "Tools: secretlint (1 result), Semgrep (2 results)",
        "",
        "         Critical   High  Medium    Low  Total",
        "Code            1      0       0      1      2",
        "Secrets         0      1       0      0      1",
        "Total           1      1       0      1      3",
        "",
        "Findings:",
        "  Critical Code    db.js:9             sqli   SQL injection",
        "  High     Secrets a.env:3             aws    key",
        "  Low      Code    (Semgrep, no file)  style  style",
        "",
        "--fail-on high: 2 findings at or above High: failing (exit 1).",
        "",
      ].join("\n"),
    );
  });
});
