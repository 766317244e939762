import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contentFingerprint, contentWindow, identityOf } from "./fingerprint";

const SOURCE = ["import { exec } from 'node:child_process';", "", "export function run(cmd) {", "  exec(cmd);", "  return true;", "}", ""];
const AT_EXEC = { ruleId: "security/detect-child-process", path: "src/run.js", lines: SOURCE, startLine: 4 };

/** Lines of code-like text; blank and whitespace-only lines included on purpose. */
const codeLine = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom("", "  ", "}", "return x;"));
const codeLines = fc.array(codeLine, { minLength: 1, maxLength: 30 });

describe("contentFingerprint", () => {
  it("is 64 hex characters and deterministic", () => {
    expect(contentFingerprint(AT_EXEC)).toMatch(/^[0-9a-f]{64}$/);
    expect(contentFingerprint(AT_EXEC)).toBe(contentFingerprint({ ...AT_EXEC, lines: [...SOURCE] }));
  });

  it("uses the flagged line and the next two non-blank lines, whitespace-normalized", () => {
    expect(contentWindow(SOURCE, 4)).toEqual(["exec(cmd);", "return true;", "}"]);
    expect(contentWindow(["a", "", "  ", "b", "c  \t d", "e"], 1)).toEqual(["a", "b", "c d"]);
    expect(contentWindow(SOURCE, 99)).toEqual([]);
  });

  it("does not change when code is re-indented or blank lines are added after it", () => {
    const reformatted = ["import { exec } from 'node:child_process';", "export function run(cmd) {", "\texec(cmd);", "", "", "\treturn   true;", "}"];
    expect(contentFingerprint({ ...AT_EXEC, lines: reformatted, startLine: 3 })).toBe(contentFingerprint(AT_EXEC));
  });

  it("keeps its value when any lines are inserted anywhere above the result", () => {
    fc.assert(
      fc.property(codeLines, fc.nat(), codeLines, fc.string(), (file, at, inserted, ruleId) => {
        const startLine = (at % file.length) + 1;
        const insertAt = at % startLine; // 0 … startLine - 1: anywhere above the flagged line, up to just above it
        const moved = [...file.slice(0, insertAt), ...inserted, ...file.slice(insertAt)];
        const before = contentFingerprint({ ruleId, path: "src/a.ts", lines: file, startLine });
        const after = contentFingerprint({ ruleId, path: "src/a.ts", lines: moved, startLine: startLine + inserted.length });
        expect(after).toBe(before);
      }),
    );
  });

  it("never gives the same snippet the same fingerprint in two different files", () => {
    fc.assert(
      fc.property(codeLines, fc.nat(), fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.string(), (file, at, pathA, pathB, ruleId) => {
        fc.pre(pathA !== pathB);
        const startLine = (at % file.length) + 1;
        expect(contentFingerprint({ ruleId, path: pathA, lines: file, startLine })).not.toBe(contentFingerprint({ ruleId, path: pathB, lines: file, startLine }));
      }),
    );
  });

  it("gives different rules on the same line different fingerprints", () => {
    fc.assert(
      fc.property(codeLines, fc.nat(), fc.string(), fc.string(), (file, at, ruleA, ruleB) => {
        fc.pre(ruleA !== ruleB);
        const startLine = (at % file.length) + 1;
        expect(contentFingerprint({ ruleId: ruleA, path: "p", lines: file, startLine })).not.toBe(contentFingerprint({ ruleId: ruleB, path: "p", lines: file, startLine }));
      }),
    );
  });

  it("cannot be confused by parts that run into each other", () => {
    expect(contentFingerprint({ ...AT_EXEC, ruleId: "ab", path: "c" })).not.toBe(contentFingerprint({ ...AT_EXEC, ruleId: "a", path: "bc" }));
  });
});

describe("identityOf", () => {
  const context = { ruleId: "js/sql-injection", path: "src/db.ts", computedFingerprint: "f".repeat(64) };

  it("prefers the tool's partialFingerprints, whatever order their keys come in", () => {
    const a = identityOf({ partialFingerprints: { primaryLocationLineHash: "39fa:1", primaryLocationStartColumnFingerprint: "4" } }, context);
    const b = identityOf({ partialFingerprints: { primaryLocationStartColumnFingerprint: "4", primaryLocationLineHash: "39fa:1" } }, context);
    expect(a.source).toBe("partialFingerprints");
    expect(a.key).toMatch(/^[0-9a-f]{64}$/);
    expect(b.key).toBe(a.key);
  });

  it("prefers partialFingerprints over fingerprints, and fingerprints over the computed one", () => {
    const both = identityOf({ partialFingerprints: { h: "1" }, fingerprints: { id: "2" } }, context);
    expect(both.source).toBe("partialFingerprints");
    const full = identityOf({ fingerprints: { "matchBasedId/v1": "abc" } }, context);
    expect(full.source).toBe("fingerprints");
    expect(identityOf({ fingerprints: {} }, context)).toEqual({ key: context.computedFingerprint, source: "content" });
    expect(identityOf({}, context)).toEqual({ key: context.computedFingerprint, source: "content" });
  });

  it("keeps a line hash apart across rules and files, since tools' line hashes cover content only", () => {
    const result = { partialFingerprints: { primaryLocationLineHash: "39fa:1" } };
    const key = identityOf(result, context).key;
    expect(identityOf(result, { ...context, ruleId: "js/xss" }).key).not.toBe(key);
    expect(identityOf(result, { ...context, path: "src/other.ts" }).key).not.toBe(key);
  });
});
