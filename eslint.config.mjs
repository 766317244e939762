import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypeScript from "eslint-config-next/typescript";

/** Next's recommended rules plus the project's own boundaries. */
const config = [
  { ignores: [".next/**", "node_modules/**", "lib/server/db/generated/**", ".rampart-data/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "test/fixtures/vulnerable-sample/**", "sandbox/fixtures/code/**"] },
  ...nextCoreWebVitals,
  ...nextTypeScript,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Configuration is read and validated in one place.
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration through env() from lib/server/env.ts." }],
    },
  },
  {
    // Allowed to touch process.env: the env module itself, the scanning CLI's (a client:
    // Rampart's address, its token, CI variables), and tooling that passes the
    // environment to child processes or sets up tests.
    files: ["lib/server/env.ts", "cli/scan/client-env.ts", "scripts/**", "bin/**", "test/**", "**/*.test.ts", "playwright.config.ts", "e2e/**", "vitest.config.mts"],
    rules: { "no-restricted-properties": "off" },
  },
];

export default config;
