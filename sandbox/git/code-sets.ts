import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/**
 * The sample code the sandbox's repositories hold: real files in
 * sandbox/fixtures/code/{set}/ (deliberately vulnerable, each set says so in its
 * SECURITY-SAMPLE.md), chosen per repository by the words of its name.
 */

export const CODE_SETS = ["node", "web", "python", "infrastructure"] as const;
export type CodeSet = (typeof CODE_SETS)[number];

/** Checked in this order; the first set with a word of the repository's name wins. */
const WORDS: [CodeSet, string[]][] = [
  ["python", ["etl", "ml", "data", "airflow", "python", "spark", "analytics", "notebooks", "warehouse", "reporting", "reports", "cost", "store", "search", "sql", "powerbi"]],
  [
    "infrastructure",
    ["infra", "terraform", "kubernetes", "k8s", "helm", "platform", "networking", "network", "hub", "dns", "ansible", "playbooks", "images", "pipeline", "ci", "operators", "observability", "dashboards", "runbooks", "modules", "policies", "secrets"],
  ],
  ["node", ["api", "service", "gateway", "events", "sync", "engine", "flags", "bot", "workers", "bridge", "sdk", "cli", "banking", "specs", "tests"]],
  ["web", ["web", "portal", "console", "site", "ui", "app", "design", "system", "mobile", "shell", "docs", "blog", "shop", "storefront", "e2e", "templates", "marketing", "teller", "config"]],
];

/** The code set of a repository named `name` ("node" when no word matches). */
export function codeSetFor(name: string): CodeSet {
  const words = name.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  for (const [set, keys] of WORDS) if (words.some((word) => keys.includes(word))) return set;
  return "node";
}

/**
 * Where the sets are, next to the other fixtures. `__dirname`, not import.meta: the
 * sandbox is also loaded by Playwright's specs, which compile it to CommonJS (tsx and
 * vitest provide `__dirname` too).
 */
const CODE_ROOT = path.join(__dirname, "..", "fixtures", "code");

const cache = new Map<CodeSet, Promise<Map<string, Buffer>>>();

/** The set's files: repository path ("src/server.js", "/"-separated) → content, in path order. */
export function codeSetFiles(set: CodeSet): Promise<Map<string, Buffer>> {
  let files = cache.get(set);
  if (!files) {
    files = readTree(path.join(CODE_ROOT, set));
    files.catch(() => cache.delete(set));
    cache.set(set, files);
  }
  return files;
}

async function readTree(root: string): Promise<Map<string, Buffer>> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .sort();
  const contents = await Promise.all(files.map((file) => readFile(path.join(root, file))));
  return new Map(files.map((file, i) => [file, contents[i]!]));
}
