import { describe, expect, it } from "vitest";
import { categoryOf, normalizeLog, repositoryPath, versionControlOf } from "./normalize-log";
import type { SarifLog, SarifResult, SarifRun } from "./sarif-log";

const run = (results: SarifResult[], extra: Partial<SarifRun> = {}): SarifRun => ({ tool: { driver: { name: "ESLint", version: "9.0.0" } }, results, ...extra });
const at = (uri: string, line = 1, extra: Partial<SarifResult> = {}): SarifResult => ({
  ruleId: "no-eval",
  message: { text: "eval is evil" },
  locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: line } } }],
  ...extra,
});
const one = (log: SarifLog, options = {}) => normalizeLog(log, options)[0]!;

describe("repository paths", () => {
  const plain = run([]);
  it("keeps relative paths, without ./ and with forward slashes", () => {
    expect(repositoryPath({ uri: "./src/a.js" }, plain, {})).toBe("src/a.js");
    expect(repositoryPath({ uri: "src\\win\\b.ts" }, plain, {})).toBe("src/win/b.ts");
    expect(repositoryPath({ uri: "src/with%20space.js" }, plain, {})).toBe("src/with space.js");
    expect(repositoryPath({ uri: "src/a.js", uriBaseId: "%SRCROOT%" }, plain, {})).toBe("src/a.js");
  });

  it("strips the checkout from absolute file URIs: checkoutUri, versionControlProvenance mappedTo, or an absolute uriBaseId", () => {
    expect(repositoryPath({ uri: "file:///home/runner/work/app/app/src/a.js" }, plain, { checkoutUri: "file:///home/runner/work/app/app" })).toBe("src/a.js");
    expect(repositoryPath({ uri: "/builds/app/src/a.js" }, plain, { checkoutUri: "/builds/app/" })).toBe("src/a.js");
    const mapped = run([], { versionControlProvenance: [{ repositoryUri: "https://x/y", mappedTo: { uri: "file:///agent/_work/1/s/" } }] });
    expect(repositoryPath({ uri: "file:///agent/_work/1/s/lib/b.py" }, mapped, {})).toBe("lib/b.py");
    const based = run([], { originalUriBaseIds: { ROOT: { uri: "file:///checkout/" } } });
    expect(repositoryPath({ uri: "file:///checkout/main.tf" }, based, {})).toBe("main.tf");
    expect(repositoryPath({ uri: "infra/main.tf", uriBaseId: "ROOT" }, based, {})).toBe("infra/main.tf");
  });

  it("keeps an absolute path it cannot place, and other schemes as written", () => {
    expect(repositoryPath({ uri: "file:///elsewhere/a.js" }, plain, { checkoutUri: "file:///checkout" })).toBe("/elsewhere/a.js");
    expect(repositoryPath({ uri: "pkg:npm/lodash@4.17.20" }, plain, {})).toBe("pkg:npm/lodash@4.17.20");
  });

  it("follows an artifact index", () => {
    const indexed = run([], { artifacts: [{ location: { uri: "src/indexed.js" } }] });
    expect(repositoryPath({ index: 0 }, indexed, {})).toBe("src/indexed.js");
  });
});

describe("categories and provenance", () => {
  it("takes the upload's category, else automationDetails.id up to its last slash", () => {
    expect(categoryOf({ automationDetails: { id: "frontend/2026-11-23" } })).toBe("frontend");
    expect(categoryOf({ automationDetails: { id: "my-analysis/tool/run-7" } })).toBe("my-analysis/tool");
    expect(categoryOf({ automationDetails: { id: "nightly" } })).toBe("nightly");
    expect(categoryOf({ automationDetails: { id: "frontend/1" } }, "override")).toBe("override");
    expect(categoryOf({})).toBe("");
  });

  it("reads the repository, revision and branch from versionControlProvenance", () => {
    const log: SarifLog = { version: "2.1.0", runs: [run([]), run([], { versionControlProvenance: [{ repositoryUri: "https://github.com/o/r", revisionId: "abc", branch: "main" }] })] };
    expect(versionControlOf(log)).toEqual({ repositoryUri: "https://github.com/o/r", revisionId: "abc", branch: "main" });
  });
});

describe("results", () => {
  it("leaves out suppressed results and kinds that are not problems", () => {
    const analysis = one({
      version: "2.1.0",
      runs: [run([at("a.js"), at("b.js", 1, { kind: "pass" }), at("c.js", 1, { suppressions: [{ kind: "inSource" }] }), at("d.js", 1, { suppressions: [{ kind: "external", status: "rejected" }] })])],
    });
    expect(analysis.results.map((r) => r.path)).toEqual(["a.js", "d.js"]);
    expect(analysis.skipped).toBe(2);
  });

  it("fills message arguments and takes the title from the rule", () => {
    const analysis = one({
      version: "2.1.0",
      runs: [
        {
          tool: { driver: { name: "Bandit", rules: [{ id: "B602", name: "subprocess_popen_with_shell_equals_true", messageStrings: { default: { text: "{0} with shell=True" } } }] } },
          results: [{ ruleIndex: 0, message: { id: "default", arguments: ["subprocess.call"] } }],
        },
      ],
    });
    expect(analysis.results[0]).toMatchObject({ ruleId: "B602", title: "subprocess_popen_with_shell_equals_true", message: "subprocess.call with shell=True", path: null });
  });

  it("merges two runs of one tool and category, and numbers identical results", () => {
    const same = at("a.js", 3, { partialFingerprints: { h: "1" } });
    const analyses = normalizeLog({ version: "2.1.0", runs: [run([same]), run([same, at("b.js")]), { ...run([at("c.js")]), tool: { driver: { name: "secretlint" } } }] });
    expect(analyses.map((a) => [a.tool, a.type, a.results.length])).toEqual([
      ["ESLint", "CODE", 3],
      ["secretlint", "SECRETS", 1],
    ]);
    expect(analyses[0]!.results.map((r) => r.occurrence)).toEqual([1, 2, 1]);
  });

  it("follows quoted code across a move when the tool gave no fingerprint, and falls back to message and line without it", () => {
    const snippet = (line: number) => at("a.js", line, { locations: [{ physicalLocation: { artifactLocation: { uri: "a.js" }, region: { startLine: line, snippet: { text: "eval(input)" } } } }] });
    const log = (r: SarifResult) => ({ version: "2.1.0" as const, runs: [run([r])] });
    expect(one(log(snippet(3))).results[0]!.fingerprint).toBe(one(log(snippet(30))).results[0]!.fingerprint);
    expect(one(log(snippet(3))).results[0]!.fingerprintSource).toBe("content");
    expect(one(log(at("a.js", 3))).results[0]!.fingerprint).not.toBe(one(log(at("a.js", 30))).results[0]!.fingerprint);
    expect(one(log(at("a.js", 3))).results[0]!.fingerprintSource).toBe("location");
  });

  it("reads rule metadata: CWEs from tags and properties, security severity, help", () => {
    const analysis = one({
      version: "2.1.0",
      runs: [
        {
          tool: {
            driver: {
              name: "CodeQL",
              rules: [
                { id: "js/sql-injection", help: { text: "t", markdown: "# m" }, properties: { tags: ["security", "external/cwe/cwe-089"], "security-severity": "8.8", cwe: "CWE-564" } },
              ],
            },
          },
          results: [],
        },
      ],
    });
    expect(analysis.rules[0]).toMatchObject({ ruleId: "js/sql-injection", cwes: ["CWE-89", "CWE-564"], securitySeverity: 8.8, helpMarkdown: "# m", helpText: "t" });
  });
});
