import { describe, expect, it } from "vitest";
import { securitySeverityScore, severityOf, severityOfScore } from "./severity";

describe("severityOfScore", () => {
  it.each([
    [10, "CRITICAL"],
    [9.0, "CRITICAL"],
    [8.99, "HIGH"],
    [7.0, "HIGH"],
    [6.9, "MEDIUM"],
    [4.0, "MEDIUM"],
    [3.9, "LOW"],
    [0.1, "LOW"],
  ] as const)("%s → %s", (score, severity) => {
    expect(severityOfScore(score)).toBe(severity);
  });
});

describe("securitySeverityScore", () => {
  it("reads numeric strings and numbers", () => {
    expect(securitySeverityScore({ "security-severity": "8.1" })).toBe(8.1);
    expect(securitySeverityScore({ "security-severity": 5 })).toBe(5);
  });

  it.each([["0"], [0], ["-1"], ["11"], ["high"], [""], ["  "], [null], [undefined], [{}]])("ignores %j", (value) => {
    expect(securitySeverityScore({ "security-severity": value })).toBeUndefined();
  });
});

describe("severityOf", () => {
  const sqlInjection = { id: "js/sql-injection", properties: { "security-severity": "8.1" }, defaultConfiguration: { level: "note" as const } };

  it("takes the result's security-severity first", () => {
    expect(severityOf({ ruleId: "js/sql-injection", level: "note", properties: { "security-severity": "9.8" } }, sqlInjection)).toEqual({
      severity: "CRITICAL",
      reason: "security-severity 9.8 on the result → Critical",
    });
  });

  it("then the rule's security-severity, over any level", () => {
    expect(severityOf({ ruleId: "js/sql-injection", level: "note" }, sqlInjection)).toEqual({
      severity: "HIGH",
      reason: "security-severity 8.1 on rule js/sql-injection → High",
    });
  });

  it("skips an invalid or zero security-severity and falls through to the next source", () => {
    expect(severityOf({ ruleId: "r", properties: { "security-severity": "0" } }, { id: "r", properties: { "security-severity": "n/a" } })).toEqual({
      severity: "MEDIUM",
      reason: "no security-severity or level given, so SARIF's default level \"warning\" → Medium",
    });
  });

  it.each([
    ["error", "HIGH", "High"],
    ["warning", "MEDIUM", "Medium"],
    ["note", "LOW", "Low"],
    ["none", "LOW", "Low"],
  ] as const)("then the result's level %s → %s", (level, severity, label) => {
    expect(severityOf({ ruleId: "no-eval", level }, { id: "no-eval", defaultConfiguration: { level: "error" } })).toEqual({
      severity,
      reason: `level "${level}" on the result → ${label}`,
    });
  });

  it("then the rule's default level", () => {
    expect(severityOf({ ruleId: "B105" }, { id: "B105", defaultConfiguration: { level: "error" } })).toEqual({
      severity: "HIGH",
      reason: 'default level "error" on rule B105 → High',
    });
  });

  it("names the rule from the result when no rule metadata was given", () => {
    expect(severityOf({ ruleId: "B105", properties: { "security-severity": "4.5" } }).reason).toBe("security-severity 4.5 on the result → Medium");
    expect(severityOf({ ruleId: "B105" })).toEqual({
      severity: "MEDIUM",
      reason: "no security-severity or level given, so SARIF's default level \"warning\" → Medium",
    });
  });
});
