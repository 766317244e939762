// `rampart scan` and `rampart upload`, run for real (node bin/rampart.mjs → tsx →
// cli/rampart.ts) over a git copy of test/fixtures/vulnerable-sample, with the real
// ESLint, secretlint and (when it is on PATH, as in CI) Bandit. No server here: uploads
// go to an address where nothing listens; e2e/cli.spec.ts uploads to a running Rampart.
import { execFileSync, spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SarifLog } from "@/lib/server/sarif/sarif-log";
import { validateSarif } from "@/lib/server/sarif/validate-sarif";

const BIN = fileURLToPath(new URL("../../bin/rampart.mjs", import.meta.url));
const SAMPLE = fileURLToPath(new URL("../../test/fixtures/vulnerable-sample", import.meta.url));
const FIXTURES = fileURLToPath(new URL("../../test/fixtures/sarif", import.meta.url));
const TOKEN = "rmp_ThisIsNotARealTokenJustTheRightShape000000";
/** An address where nothing listens (a port that was free a moment ago): uploads there fail to connect at once. */
let NOWHERE: string;

const HAS_BANDIT = (() => {
  try {
    execFileSync("bandit", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment of the machine running the tests, less anything that would change
 * what the command detects (CI variables, a Rampart address or token), and with a
 * database address where nothing listens: scan and upload must not need one.
 */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (/^(GITHUB_|GITLAB_|CI_|BUILD_|SYSTEM_|TF_BUILD|RAMPART_)/.test(key) || key === "CI") delete env[key];
  return { ...env, DATABASE_URL: "postgres://nobody:nothing@127.0.0.1:9/none", ...extra };
}

function rampart(args: string[], options: { cwd: string; env?: Record<string, string>; stdin?: string }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: cleanEnv(options.env), stdio: "pipe" });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? "");
  });
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.email=ci@example.test", "-c", "user.name=CI", "-c", "init.defaultBranch=main", ...args], { cwd, encoding: "utf8" }).trim();

let work: string;
/** A git working copy of the sample, with things a scan must skip or not be fooled by. */
let repo: string;
let commit: string;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  NOWHERE = `http://127.0.0.1:${await freePort()}`;
  work = await mkdtemp(path.join(tmpdir(), "rampart-scan-test-"));
  repo = path.join(work, "app");
  await cp(SAMPLE, repo, { recursive: true });
  // Dependencies and build output are not the repository's code.
  for (const folder of ["node_modules/left-pad", "dist"]) {
    await mkdir(path.join(repo, folder), { recursive: true });
    await writeFile(path.join(repo, folder, "index.js"), "module.exports = (x) => eval(x);\n");
  }
  // The repository cannot switch rules off: not with its own ESLint config, nor inline.
  await writeFile(path.join(repo, "eslint.config.js"), 'module.exports = [{ rules: { "no-eval": "off" } }];\n');
  await writeFile(path.join(repo, "legacy.js"), "// eslint-disable-next-line no-eval\nmodule.exports = (code) => eval(code);\n");
  git(repo, "init", "-q");
  git(repo, "add", "-A");
  git(repo, "commit", "-q", "-m", "sample");
  git(repo, "checkout", "-q", "-b", "feature/scan");
  // CI remotes can carry a token: it must never be sent or written.
  git(repo, "remote", "add", "origin", "https://gitlab-ci-token:s3cret-job-token@gitlab.example.com/contoso/app.git");
  commit = git(repo, "rev-parse", "HEAD");
  // A folder that is no git working copy.
  await mkdir(path.join(work, "plain"));
  await writeFile(path.join(work, "plain", "index.js"), "eval(process.argv[2]);\n");
}, 60_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

type JsonFinding = { tool: string; type: string; severity: string; ruleId: string; path: string | null; line: number | null; message: string | null };
type JsonReport = {
  repository: string | null;
  commit: string | null;
  branch: string | null;
  tools: { name: string; version: string | null; type: string; results: number }[];
  counts: { total: number; bySeverity: Record<string, number>; byType: Record<string, number> };
  failOn: string | null;
  failing: number;
  findings: JsonFinding[];
  upload: unknown;
};

const brief = (f: JsonFinding) => `${f.tool} ${f.type} ${f.severity} ${f.ruleId} ${f.path}:${f.line}`;

describe("rampart scan", () => {
  it("finds what each tool finds, with its type, severity, repository-relative file and line, and needs no database", async () => {
    const run = await rampart(["scan", "--format", "json"], { cwd: repo });

    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^rampart: scanning \. \(\d+ files\) with eslint, secretlint/m);
    const report = JSON.parse(run.stdout) as JsonReport;
    const found = report.findings.map(brief);
    expect(found).toEqual(
      expect.arrayContaining([
        "ESLint CODE HIGH no-eval server.js:11",
        "ESLint CODE MEDIUM security/detect-eval-with-expression server.js:11",
        "ESLint CODE MEDIUM security/detect-child-process server.js:14",
        "ESLint CODE MEDIUM security/detect-unsafe-regex server.js:5",
        "ESLint CODE HIGH @microsoft/sdl/no-inner-html src/render.ts:3",
        "ESLint CODE HIGH no-new-func src/render.ts:7",
        "ESLint CODE HIGH @microsoft/sdl/no-insecure-url src/render.ts:10",
        "ESLint CODE HIGH react/no-danger components/Profile.jsx:5",
        "ESLint CODE HIGH react/jsx-no-target-blank components/Profile.jsx:6",
        // The disable comment does not hide it.
        "ESLint CODE HIGH no-eval legacy.js:2",
        "secretlint SECRETS HIGH @secretlint/secretlint-rule-preset-recommend > @secretlint/secretlint-rule-aws config/aws.env:3",
        "secretlint SECRETS HIGH @secretlint/secretlint-rule-preset-recommend > @secretlint/secretlint-rule-database-connection-string config/database.js:3",
      ]),
    );
    // Secrets are masked in what is printed (and uploaded).
    expect(run.stdout).not.toContain("RampartFakeSecretKeyForTestsOnly");
    expect(run.stdout).not.toContain("FakePassw0rd");
    // Dependencies and build output are skipped.
    expect(report.findings.filter((f) => /node_modules|dist\//.test(f.path ?? ""))).toEqual([]);

    if (HAS_BANDIT) {
      expect(found).toEqual(
        expect.arrayContaining(["Bandit CODE HIGH B602 tools/report.py:8", "Bandit CODE MEDIUM B303 tools/report.py:12", "Bandit CODE LOW B404 tools/report.py:3"]),
      );
      expect(report.tools.map((t) => t.name)).toEqual(["ESLint", "secretlint", "Bandit"]);
    } else {
      expect(run.stderr).toContain("bandit is not on PATH");
    }
    expect(report.tools.every((t) => t.version && /^\d+\.\d+/.test(t.version))).toBe(true);
    expect(report.counts.total).toBe(report.findings.length);
    expect(report.counts.byType.secrets).toBe(2);
    // From git, without the credentials of the remote.
    expect(report).toMatchObject({ repository: "https://gitlab.example.com/contoso/app.git", commit, branch: "feature/scan", failOn: null, upload: null });
    expect(run.stdout + run.stderr).not.toContain("s3cret-job-token");
  }, 120_000);

  it("prints the table by default, and --fail-on decides the exit code (1 at or above the threshold, 0 below)", async () => {
    const [high, critical] = await Promise.all([
      rampart(["scan", "--fail-on", "HIGH"], { cwd: repo }),
      rampart(["scan", "--tools", "secretlint", "--fail-on", "critical"], { cwd: repo }),
    ]);

    expect(high.code, high.stderr).toBe(1);
    expect(high.stdout).toMatch(/^Tools: ESLint \d[\d.]* \(\d+ results\), secretlint \d[\d.]* \(2 results\)/);
    expect(high.stdout).toMatch(/^\s+Critical\s+High\s+Medium\s+Low\s+Total$/m);
    expect(high.stdout).toMatch(/^Secrets\s+0\s+2\s+0\s+0\s+2$/m);
    expect(high.stdout).toMatch(/^ {2}High\s+Code\s+legacy\.js:2\s+no-eval\s+eval can be harmful\.$/m);
    expect(high.stdout).toMatch(/^ {2}High\s+Secrets\s+config\/aws\.env:3\s+@secretlint\/secretlint-rule-aws\s+found AWS Secret Access Key: \*+$/m);
    expect(high.stdout).toMatch(/^--fail-on high: \d+ findings at or above High: failing \(exit 1\)\.$/m);

    expect(critical.code, critical.stderr).toBe(0);
    expect(critical.stdout).toContain("--fail-on critical: no finding at or above Critical.");
  }, 120_000);

  it("writes one valid SARIF log per --format sarif --output, prints nothing with --quiet, and fingerprints survive lines added above", async () => {
    const copy = path.join(work, "moved");
    await cp(repo, copy, { recursive: true });
    const before = await rampart(["scan", "--tools", "eslint,secretlint", "--format", "sarif", "--output", "before.sarif", "--quiet", "--fail-on", "low"], { cwd: copy });
    for (const file of ["server.js", "config/aws.env"]) {
      const text = await readFile(path.join(copy, file), "utf8");
      await writeFile(path.join(copy, file), `${file.endsWith(".js") ? "// one\n// two\n\n" : "# one\n# two\n\n"}${text}`);
    }
    const after = await rampart(["scan", "--tools", "eslint,secretlint", "--format", "sarif", "--output", path.join(work, "after.sarif")], { cwd: copy });

    expect(before).toEqual({ code: 1, stdout: "", stderr: "" });
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toBe("");
    expect(after.stderr).toContain("Tools: ESLint"); // the table goes to stderr when the output is a file

    const first = JSON.parse(await readFile(path.join(copy, "before.sarif"), "utf8")) as SarifLog;
    const second = JSON.parse(await readFile(path.join(work, "after.sarif"), "utf8")) as SarifLog;
    expect(validateSarif(first).ok).toBe(true);
    expect(first.runs.map((r) => r.tool.driver.name)).toEqual(["ESLint", "secretlint"]);
    for (const run of first.runs) {
      expect(run.tool.driver.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(run.tool.driver.rules!.length).toBeGreaterThan(0);
      for (const rule of run.tool.driver.rules!) {
        expect(rule.shortDescription?.text, rule.id).toBeTruthy();
        expect(rule.helpUri, rule.id).toMatch(/^https:\/\//);
      }
      expect(run.originalUriBaseIds?.["%SRCROOT%"]?.uri).toBe(`${pathToFileURL(copy).href}/`);
      expect(run.versionControlProvenance).toEqual([
        { repositoryUri: "https://gitlab.example.com/contoso/app.git", revisionId: commit, branch: "feature/scan", mappedTo: { uriBaseId: "%SRCROOT%" } },
      ]);
    }

    type Located = { key: string; line: number; fingerprint: string };
    const located = (log: SarifLog): Located[] =>
      log.runs.flatMap((run) =>
        (run.results ?? []).map((result) => {
          const physical = result.locations![0]!.physicalLocation!;
          expect(physical.artifactLocation).toMatchObject({ uriBaseId: "%SRCROOT%" });
          expect(physical.artifactLocation!.uri).not.toMatch(/^file:|^\//);
          return {
            key: `${result.ruleId} ${physical.artifactLocation!.uri}`,
            line: physical.region!.startLine!,
            fingerprint: result.partialFingerprints!["rampartContent/v1"]!,
          };
        }),
      );
    const moved = (l: Located) => ["server.js", "config/aws.env"].some((f) => l.key.endsWith(` ${f}`));
    const a = located(first).sort((x, y) => x.key.localeCompare(y.key) || x.line - y.line);
    const b = located(second).sort((x, y) => x.key.localeCompare(y.key) || x.line - y.line);
    expect(a.every((l) => /^[0-9a-f]{64}$/.test(l.fingerprint))).toBe(true);
    expect(b.map((l) => l.key)).toEqual(a.map((l) => l.key));
    expect(b.map((l) => l.fingerprint)).toEqual(a.map((l) => l.fingerprint));
    expect(b.map((l) => l.line)).toEqual(a.map((l) => (moved(l) ? l.line + 3 : l.line)));
    expect(new Set(a.map((l) => l.fingerprint)).size).toBe(a.length);
  }, 120_000);

  it("takes the repository, commit and branch from GitHub Actions, Azure Pipelines and GitLab CI, and lets options win (and --exclude leave files out)", async () => {
    const sha = "0123456789abcdef0123456789abcdef01234567";
    const scan = (env: Record<string, string>, ...extra: string[]) =>
      rampart(["scan", "--tools", "secretlint", "--format", "json", "--quiet", ...extra], { cwd: repo, env });
    const runs = await Promise.all([
      scan({ GITHUB_ACTIONS: "true", GITHUB_SERVER_URL: "https://github.com", GITHUB_REPOSITORY: "contoso/payments", GITHUB_SHA: sha, GITHUB_REF: "refs/heads/main" }),
      scan({ GITHUB_ACTIONS: "true", GITHUB_REPOSITORY: "contoso/payments", GITHUB_SHA: sha, GITHUB_REF: "refs/pull/7/merge", GITHUB_HEAD_REF: "fix/login" }),
      scan({ TF_BUILD: "True", BUILD_REPOSITORY_URI: "https://contoso@dev.azure.com/contoso/Payments/_git/api", BUILD_SOURCEVERSION: sha, BUILD_SOURCEBRANCH: "refs/heads/release/2.0" }),
      scan({ GITLAB_CI: "true", CI_PROJECT_URL: "https://gitlab.com/contoso/platform/api", CI_COMMIT_SHA: sha, CI_COMMIT_REF_NAME: "v2.0.1" }),
      scan(
        { GITLAB_CI: "true", CI_PROJECT_URL: "https://gitlab.com/contoso/platform/api", CI_COMMIT_SHA: sha, CI_COMMIT_BRANCH: "main" },
        ...["--repository", "gitlab/contoso/platform/web", "--branch", "hotfix", "--exclude", "config/*.env"],
      ),
    ]);

    const seen = runs.map((run) => {
      expect(run.code, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout) as JsonReport;
      return [report.repository, report.commit, report.branch];
    });
    expect(seen).toEqual([
      ["https://github.com/contoso/payments", sha, "main"],
      ["https://github.com/contoso/payments", sha, "fix/login"],
      ["https://dev.azure.com/contoso/Payments/_git/api", sha, "release/2.0"],
      ["https://gitlab.com/contoso/platform/api", sha, "v2.0.1"],
      ["gitlab/contoso/platform/web", sha, "hotfix"],
    ]);
    // --exclude left config/aws.env out of the last one.
    expect(runs.map((run) => (JSON.parse(run.stdout) as JsonReport).findings.map((f) => f.path))).toEqual([
      ...Array.from({ length: 4 }, () => ["config/aws.env", "config/database.js"]),
      ["config/database.js"],
    ]);
  }, 120_000);

  it("stops with exit 2 and one line naming the cause and the fix when the command line or configuration is wrong", async () => {
    const runs = await Promise.all([
      rampart(["scan", "--fail-on", "severe"], { cwd: repo }),
      rampart(["scan", "--format", "xml"], { cwd: repo }),
      rampart(["scan", "no/such/folder"], { cwd: repo }),
      rampart(["scan", "--tools", "eslint,semgrep"], { cwd: repo }),
      rampart(["scan", "--upload"], { cwd: repo, env: { RAMPART_TOKEN: TOKEN } }),
      rampart(["scan", "--upload", "--url", NOWHERE], { cwd: repo }),
      rampart(["scan", "--upload", "--url", NOWHERE], { cwd: repo, env: { RAMPART_TOKEN: "ghp_not-a-rampart-token" } }),
      rampart(["scan", "--upload", "--url", "ftp://rampart.example.com"], { cwd: repo, env: { RAMPART_TOKEN: TOKEN } }),
      rampart(["scan", "--url", NOWHERE], { cwd: repo }),
      rampart(["scan", "--output", "no/such/folder/out.json", "--format", "json", "--tools", "secretlint"], { cwd: repo }),
      rampart(["scan", "--upload", "--url", NOWHERE], { cwd: path.join(work, "plain"), env: { RAMPART_TOKEN: TOKEN } }),
    ]);

    expect(runs.map((r) => [r.code, r.stdout, r.stderr])).toEqual([
      [2, "", "rampart: option '--fail-on <severity>' argument 'severe' is invalid. Use one of critical, high, medium, low.\n"],
      [2, "", "rampart: option '--format <format>' argument 'xml' is invalid. Allowed choices are table, json, sarif.\n"],
      [2, "", "rampart: no/such/folder is not a folder; give the working copy to scan (default: the current folder)\n"],
      [2, "", "rampart: option '--tools <list>' argument 'eslint,semgrep' is invalid. Use a comma-separated list of eslint, secretlint, bandit.\n"],
      [2, "", "rampart: no Rampart address: pass --url https://rampart.example.com, or set RAMPART_URL\n"],
      [
        2,
        "",
        "rampart: no API token: set RAMPART_TOKEN (or pipe it to --token-stdin) to an API token with the Upload results permission, created in Settings → API tokens or with `rampart admin create-token --permission upload`\n",
      ],
      [2, "", "rampart: RAMPART_TOKEN does not look like a Rampart API token (they start with rmp_); copy the whole token from Settings → API tokens\n"],
      [2, "", 'rampart: --url must be an http:// or https:// address (got "ftp://rampart.example.com")\n'],
      [2, "", "rampart: --url and --token-stdin only apply with --upload; add --upload to send the results to Rampart\n"],
      [2, "", expect.stringMatching(/^rampart: scanning[^\n]*\nrampart: could not write --output \/.*\/no\/such\/folder\/out\.json \(ENOENT\); check that its folder exists and is writable\n$/)],
      [
        2,
        "",
        "rampart: cannot tell which repository this is for: run in a git working copy whose origin remote is the repository, in GitHub Actions, Azure Pipelines or GitLab CI, or pass --repository (its URL, or provider/org[/project]/name)\n",
      ],
    ]);
  }, 120_000);

  it("exits 3 with the reason when Rampart cannot be reached, even with findings over --fail-on", async () => {
    const run = await rampart(["scan", "--tools", "secretlint", "--upload", "--url", `${NOWHERE}/`, "--fail-on", "low", "--token-stdin"], { cwd: repo, stdin: `${TOKEN}\n` });

    expect(run.code).toBe(3);
    expect(run.stdout).toContain("Secrets"); // the table is still printed
    expect(run.stderr).toContain(`rampart: uploading to ${NOWHERE}: repository https://gitlab.example.com/contoso/app.git (git), commit ${commit.slice(0, 12)}, branch feature/scan\n`);
    expect(run.stderr).toMatch(
      new RegExp(`rampart: could not reach Rampart at ${NOWHERE.replaceAll(".", "\\.")} \\(connect ECONNREFUSED [^)]*\\); check --url or RAMPART_URL, and that the server is running and reachable from here\n$`),
    );
  }, 120_000);
});

describe("rampart upload", () => {
  it("prepares another tool's log (relative paths, fingerprints, provenance), writes it with --output, and exits 3 when Rampart cannot be reached", async () => {
    // The ESLint fixture as a pipeline would have it: absolute URIs of this checkout.
    const raw = (await readFile(path.join(FIXTURES, "eslint.sarif"), "utf8")).replaceAll("file:///tmp/rampart-vulnerable-sample/", `${pathToFileURL(repo).href}/`);
    await writeFile(path.join(work, "eslint-raw.sarif"), raw);

    const run = await rampart(["upload", path.join(work, "eslint-raw.sarif"), "--format", "sarif", "--output", path.join(work, "prepared.sarif"), "--commit", "abc1234"], {
      cwd: path.join(repo, "src"),
      env: { RAMPART_URL: NOWHERE, RAMPART_TOKEN: TOKEN },
    });

    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^rampart: added content fingerprints to 9 results that had none\n/);
    expect(run.stderr).toContain(`rampart: could not reach Rampart at ${NOWHERE} (connect ECONNREFUSED`);
    const prepared = JSON.parse(await readFile(path.join(work, "prepared.sarif"), "utf8")) as SarifLog;
    const run0 = prepared.runs[0]!;
    expect(run0.versionControlProvenance).toEqual([
      { repositoryUri: "https://gitlab.example.com/contoso/app.git", revisionId: "abc1234", branch: "feature/scan", mappedTo: { uriBaseId: "%SRCROOT%" } },
    ]);
    const where = run0.results!.map((r) => `${r.ruleId} ${r.locations![0]!.physicalLocation!.artifactLocation!.uri}:${r.locations![0]!.physicalLocation!.region!.startLine}`);
    expect(where).toContain("no-eval server.js:11");
    expect(where).toContain("@microsoft/sdl/no-inner-html src/render.ts:3");
    expect(run0.results!.every((r) => /^[0-9a-f]{64}$/.test(r.partialFingerprints?.["rampartContent/v1"] ?? ""))).toBe(true);
    // The same fingerprints as scan computes for the same code.
    const scanned = JSON.parse(await readFile(path.join(FIXTURES, "rampart-scan.sarif"), "utf8")) as SarifLog;
    expect(run0.results!.map((r) => r.partialFingerprints)).toEqual(scanned.runs[0]!.results!.map((r) => r.partialFingerprints));
  }, 60_000);

  it("refuses a file that cannot be uploaded with exit 2, before contacting Rampart", async () => {
    const sarif1 = path.join(work, "old.sarif");
    await writeFile(sarif1, JSON.stringify({ version: "1.0.0", runs: [] }));
    const broken = path.join(work, "broken.sarif");
    await writeFile(broken, '{"version": "2.1.0", "runs": [');
    const invalid = path.join(work, "invalid.sarif");
    await writeFile(invalid, JSON.stringify({ version: "2.1.0", runs: [{ tool: {} }] }));
    const tooMany = path.join(work, "many-runs.sarif");
    await writeFile(tooMany, JSON.stringify({ version: "2.1.0", runs: Array.from({ length: 21 }, () => ({ tool: { driver: { name: "x" } }, results: [] })) }));
    const env = { RAMPART_URL: NOWHERE, RAMPART_TOKEN: TOKEN };

    const runs = await Promise.all([sarif1, broken, invalid, tooMany, path.join(work, "missing.sarif")].map((file) => rampart(["upload", file], { cwd: repo, env })));

    expect(runs.map((r) => r.code)).toEqual([2, 2, 2, 2, 2]);
    expect(runs[0]!.stderr).toBe(
      'rampart: This SARIF log has version "1.0.0"; only SARIF 2.1.0 is accepted. Most tools can write 2.1.0 (e.g. a --sarif-version or output-format option), or convert the log with the SARIF multitool. Fix the tool\'s output (or its version), then try again.\nrampart:   $.version: must be "2.1.0"\n',
    );
    expect(runs[1]!.stderr).toMatch(/^rampart: \/.*\/broken\.sarif is not valid JSON \(.+\); a SARIF log is a JSON document, check that the file is complete\n$/);
    expect(runs[2]!.stderr).toBe(
      "rampart: The SARIF log does not match the SARIF 2.1.0 schema: 1 problem. Fix the tool's output (or its version), then try again.\nrampart:   $.runs[0].tool.driver: is required but missing\n",
    );
    expect(runs[3]!.stderr).toBe("rampart: The SARIF log has 21 runs; at most 20 are accepted in one upload. Upload the runs in several logs. (Rampart's limit; nothing was uploaded)\n");
    expect(runs[4]!.stderr).toMatch(/^rampart: \/.*\/missing\.sarif does not exist; give the SARIF file a scanner wrote\n$/);
  }, 60_000);
});

describe("rampart scan and upload --help", () => {
  it("explain the options, the exit codes and the CI variables, with no token on the command line", async () => {
    const [scan, upload, top] = await Promise.all([
      rampart(["scan", "--help"], { cwd: repo }),
      rampart(["upload", "--help"], { cwd: repo }),
      rampart(["--help"], { cwd: repo }),
    ]);

    for (const run of [scan, upload]) {
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/--fail-on <severity>[\s\S]*--format <format>[\s\S]*--output <file>[\s\S]*--quiet/);
      expect(run.stdout).toMatch(/--url <url>[\s\S]*--token-stdin[\s\S]*--repository <repository>[\s\S]*--commit <sha>[\s\S]*--branch <name>[\s\S]*--category <category>[\s\S]*--no-wait[\s\S]*--wait-timeout <seconds>/);
      expect(run.stdout).toMatch(/Exit status:\n {2}0 {2}no finding[\s\S]*\n {2}1 {2}findings[\s\S]*\n {2}2 {2}usage or configuration error[\s\S]*\n {2}3 {2}upload or server error/);
      expect(run.stdout).toContain("GITHUB_SHA");
      expect(run.stdout).toContain("BUILD_SOURCEVERSION");
      expect(run.stdout).toContain("CI_COMMIT_SHA");
      expect(run.stdout).not.toMatch(/rmp_[A-Za-z0-9]|--token /);
    }
    expect(scan.stdout).toContain("Usage: rampart scan [options] [path]");
    expect(upload.stdout).toContain("Usage: rampart upload [options] <file>");
    expect(top.stdout).toMatch(/scan \[options\] \[path\][\s\S]*upload \[options\] <file>[\s\S]*admin/);
    expect(top.stdout).toContain("scan, upload:  0 nothing at or above --fail-on");
  }, 60_000);
});
