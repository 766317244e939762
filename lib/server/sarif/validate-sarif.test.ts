import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_REPORTED_PROBLEMS, validateSarif } from "./validate-sarif";

function minimalLog(results: unknown[] = [{ ruleId: "no-eval", message: { text: "eval can be harmful." } }]) {
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [{ tool: { driver: { name: "ESLint", rules: [{ id: "no-eval" }] } }, results }],
  };
}

describe("the vendored SARIF 2.1.0 schema", () => {
  it("is the official file, unchanged", () => {
    const text = readFileSync(path.join(import.meta.dirname, "sarif-schema-2.1.0.json"));
    expect(text.length).toBe(112_318);
    expect(createHash("sha256").update(text).digest("hex")).toBe("80cd7ffb9b62a4162d541aa9170862dd264f6cce0f04c57f1ac9f2337b808958");
  });
});

describe("validateSarif", () => {
  it("accepts a minimal valid log and returns it typed", () => {
    const doc = minimalLog();
    const validation = validateSarif(doc);
    expect(validation).toEqual({ ok: true, log: doc });
  });

  it("accepts a log with locations, fingerprints, properties and provenance", () => {
    const doc = minimalLog([
      {
        ruleId: "js/sql-injection",
        ruleIndex: 0,
        level: "error",
        message: { text: "Query built from user input." },
        locations: [{ physicalLocation: { artifactLocation: { uri: "src/db.ts", uriBaseId: "%SRCROOT%" }, region: { startLine: 12, startColumn: 3 } } }],
        partialFingerprints: { primaryLocationLineHash: "39fa2ee980eb94b0:1" },
        properties: { "security-severity": "8.8", tags: ["security"] },
      },
    ]);
    doc.runs[0]!.tool.driver.rules = [{ id: "js/sql-injection" }];
    Object.assign(doc.runs[0]!, {
      originalUriBaseIds: { "%SRCROOT%": { uri: "file:///home/runner/work/app/" } },
      versionControlProvenance: [{ repositoryUri: "https://github.com/acme/app", revisionId: "abc123", branch: "main" }],
    });
    expect(validateSarif(doc).ok).toBe(true);
  });

  it("refuses SARIF 1.0 with 422, naming the version found", () => {
    const sarif1 = { version: "1.0.0", runLogs: [{ toolInfo: { name: "Bandit" }, results: [] }] };
    const validation = validateSarif(sarif1);
    expect(validation.ok).toBe(false);
    if (validation.ok) return;
    expect(validation.status).toBe(422);
    expect(validation.message).toContain('version "1.0.0"');
    expect(validation.message).toContain("2.1.0");
    expect(validation.problems).toEqual([{ path: "$.version", message: 'must be "2.1.0"' }]);
  });

  it("names a version that is not even a string", () => {
    const validation = validateSarif({ version: 2, runs: [] });
    expect(validation.ok || validation.message).toContain("a version that is a number");
  });

  it("answers 400 for a body that is not a JSON object", () => {
    for (const body of [null, [], "2.1.0", 42]) {
      const validation = validateSarif(body);
      expect(validation.ok).toBe(false);
      if (!validation.ok) expect(validation.status).toBe(400);
    }
  });

  it("reports a schema violation with the JSON path of the offending value", () => {
    const results = [0, 1, 2, 3].map((i) => ({ ruleId: `rule-${i}`, message: { text: "m" } }));
    (results[3] as { ruleId: unknown }).ruleId = 17;
    const validation = validateSarif(minimalLog(results));
    expect(validation.ok).toBe(false);
    if (validation.ok) return;
    expect(validation.status).toBe(422);
    expect(validation.problems).toEqual([{ path: "$.runs[0].results[3].ruleId", message: "should be string" }]);
    expect(validation.message).toMatch(/SARIF 2\.1\.0 schema: 1 problem\.$/);
  });

  it("points a missing property at the property itself", () => {
    const validation = validateSarif({ version: "2.1.0", runs: [{ tool: { driver: {} } }] });
    expect(validation.ok).toBe(false);
    if (!validation.ok) expect(validation.problems).toContainEqual({ path: "$.runs[0].tool.driver.name", message: "is required but missing" });
  });

  it("points an unknown property at that property", () => {
    const doc = minimalLog([{ message: { text: "m" }, severity: "high" }]);
    const validation = validateSarif(doc);
    expect(validation.ok).toBe(false);
    if (!validation.ok) expect(validation.problems).toContainEqual({ path: "$.runs[0].results[0].severity", message: "is not a property SARIF 2.1.0 allows here" });
  });

  it("lists the allowed values for a bad level", () => {
    const validation = validateSarif(minimalLog([{ message: { text: "m" }, level: "critical" }]));
    expect(validation.ok).toBe(false);
    if (!validation.ok) expect(validation.problems).toContainEqual({ path: "$.runs[0].results[0].level", message: 'must be one of "none", "note", "warning", "error"' });
  });

  it("requires a version, and says so", () => {
    const validation = validateSarif({ runs: [] });
    expect(validation.ok).toBe(false);
    if (!validation.ok) expect(validation.problems).toContainEqual({ path: "$.version", message: "is required but missing" });
  });

  it(`lists at most ${MAX_REPORTED_PROBLEMS} problems and says how many there were`, () => {
    const results = Array.from({ length: 25 }, () => ({ ruleId: 1, message: { text: "m" } }));
    const validation = validateSarif(minimalLog(results));
    expect(validation.ok).toBe(false);
    if (validation.ok) return;
    expect(validation.problems).toHaveLength(MAX_REPORTED_PROBLEMS);
    expect(validation.problems[0]).toEqual({ path: "$.runs[0].results[0].ruleId", message: "should be string" });
    expect(validation.message).toContain(`the first ${MAX_REPORTED_PROBLEMS} of 25 are listed`);
  });

  it("quotes property names that are not identifiers", () => {
    const doc = minimalLog([{ message: { text: "m" }, partialFingerprints: { "primaryLocationLineHash/v1": 5 } }]);
    const validation = validateSarif(doc);
    expect(validation.ok).toBe(false);
    if (!validation.ok) expect(validation.problems[0]?.path).toBe("$.runs[0].results[0].partialFingerprints['primaryLocationLineHash/v1']");
  });
});
