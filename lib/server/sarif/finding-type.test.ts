import { describe, expect, it } from "vitest";
import { findingTypeOf, findingTypeOfCategory, scanTargetOf } from "./finding-type";

describe("findingTypeOf", () => {
  // Every tool the issue names, spelled as their SARIF drivers (or people) spell them.
  it.each([
    ["ESLint", "CODE"],
    ["eslint", "CODE"],
    ["Bandit", "CODE"],
    ["Semgrep OSS", "CODE"],
    ["CodeQL", "CODE"],
    ["Checkov", "IAC"],
    ["Microsoft.TemplateAnalyzer", "IAC"],
    ["Template Analyzer", "IAC"],
    ["terrascan", "IAC"],
    ["KICS", "IAC"],
    ["tfsec", "IAC"],
    ["gitleaks", "SECRETS"],
    ["secretlint", "SECRETS"],
    ["TruffleHog", "SECRETS"],
    ["Trivy", "DEPENDENCY"],
    ["trivy", "DEPENDENCY"],
    ["Grype", "DEPENDENCY"],
    ["osv-scanner", "DEPENDENCY"],
    ["OSV-Scanner", "DEPENDENCY"],
    ["npm audit", "DEPENDENCY"],
  ] as const)("%s → %s", (tool, type) => {
    expect(findingTypeOf(tool)).toBe(type);
  });

  it.each(["Trivy", "Grype", "OSV-Scanner", "npm audit"])("%s on a container image → CONTAINER", (tool) => {
    expect(findingTypeOf(tool, { target: "container-image" })).toBe("CONTAINER");
    expect(findingTypeOf(tool, { target: "source" })).toBe("DEPENDENCY");
  });

  it("does not let a target change a tool that is not a composition scanner", () => {
    expect(findingTypeOf("Checkov", { target: "container-image" })).toBe("IAC");
  });

  it("accepts unknown tools as code", () => {
    expect(findingTypeOf("SomeInHouseLinter")).toBe("CODE");
    expect(findingTypeOf("")).toBe("CODE");
  });

  it("lets a category that names a type win over the tool", () => {
    expect(findingTypeOf("SomeInHouseLinter", { category: "secrets" })).toBe("SECRETS");
    expect(findingTypeOf("Trivy", { category: "Container" })).toBe("CONTAINER");
    expect(findingTypeOf("ESLint", { category: "iac" })).toBe("IAC");
    expect(findingTypeOf("Bandit", { category: "infrastructure-as-code" })).toBe("IAC");
  });

  it("ignores a category that names no type (GitHub-style categories only separate result sets)", () => {
    expect(findingTypeOf("Gitleaks", { category: "/language:javascript" })).toBe("SECRETS");
    expect(findingTypeOf("Trivy", { category: "frontend", target: "container-image" })).toBe("CONTAINER");
  });
});

describe("findingTypeOfCategory", () => {
  it("reads the type names case- and punctuation-insensitively", () => {
    expect(findingTypeOfCategory("DEPENDENCY")).toBe("DEPENDENCY");
    expect(findingTypeOfCategory("Infrastructure as code")).toBe("IAC");
    expect(findingTypeOfCategory("nightly")).toBeUndefined();
  });
});

describe("scanTargetOf", () => {
  it("takes a run with image properties (as Trivy writes them) as a container image", () => {
    expect(scanTargetOf({ properties: { imageName: "registry.example.com/app:1.2", repoDigests: [] } })).toBe("container-image");
  });

  it("takes any other run as source", () => {
    expect(scanTargetOf({})).toBe("source");
    expect(scanTargetOf({ properties: { tags: ["deps"] } })).toBe("source");
  });
});
