// Scanner packages that ship no type declarations: only what cli/scan uses of them.

declare module "@microsoft/eslint-plugin-sdl" {
  import type { ESLint, Linter } from "eslint";
  const plugin: ESLint.Plugin & { configs: Record<"angular" | "angularjs" | "common" | "electron" | "node" | "react" | "required", Linter.Config[]> };
  export default plugin;
}

declare module "eslint-plugin-security" {
  import type { ESLint, Linter } from "eslint";
  const plugin: ESLint.Plugin & { configs: { recommended: Linter.Config } };
  export default plugin;
}

declare module "@microsoft/eslint-formatter-sarif" {
  import type { ESLint } from "eslint";
  /** Formats ESLint's results as a SARIF 2.1.0 log (a JSON string). */
  const format: (results: ESLint.LintResult[], data: ESLint.LintResultData) => string;
  export default format;
}
