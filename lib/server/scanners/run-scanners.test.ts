// runScanners for real: a child process per run (node + tsx, under `unshare --net` here),
// the real ESLint, secretlint and Debian's Bandit, and fake `checkov` and `TemplateAnalyzer`
// executables for what cannot be installed on this machine.
//
// The fakes behave like those tools' command lines as documented (flags taken, a SARIF
// file written where told, a version printed): they prove Rampart's side of the contract
// (arguments, report files read back, paths, failures, time limits), not that the real
// tools behave so.
import { execFileSync } from "node:child_process";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { validateSarif } from "@/lib/server/sarif/validate-sarif";
import { SOURCE_ROOT } from "./prepare-log";
import { runScanners, type ScannerOutcome } from "./run-scanners";

const SAMPLE = path.resolve("test/fixtures/vulnerable-sample");
const ORIGINAL_PATH = process.env.PATH;

let work: string;
/** Fake tools, and unshare: the PATH of runs that must not find Bandit (it lives in /usr/bin). */
let fakeBin: string;
/** A repository with Terraform, an ARM template, JavaScript and a `.checkov.yaml`. */
let iacRepo: string;
/** A repository with nothing any scanner but secretlint reads. */
let textRepo: string;

const byId = (tools: ScannerOutcome[]) => Object.fromEntries(tools.map((t) => [t.id, t]));

async function executable(name: string, body: string): Promise<void> {
  const file = path.join(fakeBin, name);
  await writeFile(file, `#!${process.execPath}\n${body}`);
  await chmod(file, 0o755);
}

/** A fake checkov: `--version`, else the given script with `report(sarif)` writing results_sarif.sarif into --output-file-path. */
const fakeCheckov = (script: string) =>
  executable(
    "checkov",
    `const fs = require("node:fs"), path = require("node:path");
const args = process.argv.slice(2);
if (args[0] === "--version") { console.log("3.2.255"); process.exit(0); }
const option = (name) => args[args.indexOf(name) + 1];
const report = (log) => fs.writeFileSync(path.join(option("--output-file-path"), "results_sarif.sarif"), JSON.stringify(log));
${script}`,
  );

/** Files of the working copy that are gone now: temporary folders of runs. */
async function scanTempFolders(): Promise<string[]> {
  return (await readdir(tmpdir())).filter((name) => name.startsWith("rampart-scan-"));
}

/** Alive and not a zombie waiting for init to reap it. */
async function alive(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

beforeAll(async () => {
  execFileSync("bandit", ["--version"], { stdio: "ignore" }); // Debian's bandit: apt-get install -y bandit
  work = await mkdtemp(path.join(tmpdir(), "rampart-runner-test-"));
  fakeBin = path.join(work, "bin");
  await mkdir(fakeBin);
  await symlink(execFileSync("sh", ["-c", "command -v unshare"], { encoding: "utf8" }).trim(), path.join(fakeBin, "unshare"));

  iacRepo = path.join(work, "iac");
  await mkdir(path.join(iacRepo, "infra"), { recursive: true });
  await mkdir(path.join(iacRepo, "node_modules/dep"), { recursive: true });
  await writeFile(path.join(iacRepo, "infra/main.tf"), 'resource "aws_s3_bucket" "data" {\n  bucket = "data"\n  acl    = "public-read"\n}\n');
  await writeFile(
    path.join(iacRepo, "infra/azuredeploy.json"),
    JSON.stringify({ $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", contentVersion: "1.0.0.0", resources: [] }, null, 2),
  );
  await writeFile(path.join(iacRepo, ".checkov.yaml"), "external-checks-dir:\n  - ./checks\nskip-check: CKV_AWS_20\n");
  await writeFile(path.join(iacRepo, "node_modules/dep/main.tf"), 'resource "aws_s3_bucket" "dep" {}\n');
  await writeFile(path.join(iacRepo, "app.js"), "export function run(input) {\n  return eval(input);\n}\n");
  await writeFile(path.join(iacRepo, "package.json"), JSON.stringify({ name: "iac", scripts: { postinstall: "touch /tmp/pwned" } }));

  textRepo = path.join(work, "text");
  await mkdir(textRepo);
  await writeFile(path.join(textRepo, "README.md"), "# Notes\n\nNothing to see.\n");
});

afterEach(() => {
  process.env.PATH = ORIGINAL_PATH;
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("runScanners", () => {
  it("runs ESLint, secretlint and Bandit on the vulnerable sample in a network namespace, and returns one prepared, valid run per tool", async () => {
    const before = await scanTempFolders();
    const started = Date.now();
    const { log, tools, isolation } = await runScanners({ root: SAMPLE, scanners: ["secrets", "bandit", "eslint"], timeoutMs: 60_000 });
    const seconds = (Date.now() - started) / 1000;

    expect(isolation).toBe("network-namespace");
    expect(tools.map((t) => [t.id, t.state])).toEqual([
      ["eslint", "ran"],
      ["bandit", "ran"],
      ["secrets", "ran"],
    ]);
    const tool = byId(tools);
    expect(tool.eslint).toMatchObject({ label: "ESLint", files: 4, results: 9 });
    expect(tool.bandit).toMatchObject({ label: "Bandit", files: 1, results: 3, version: "1.6.2" });
    expect(tool.secrets).toMatchObject({ label: "Secrets (secretlint)", files: 7, results: 2 });
    expect(tools.every((t) => t.version && /^\d+\.\d+/.test(t.version))).toBe(true);

    expect(validateSarif(log).ok).toBe(true);
    expect(log.runs.map((r) => r.tool.driver.name)).toEqual(["ESLint", "Bandit", "secretlint"]);
    const locations = log.runs.flatMap((r) => (r.results ?? []).map((result) => result.locations?.[0]?.physicalLocation?.artifactLocation));
    expect(locations).toHaveLength(14);
    expect(locations.every((l) => l?.uriBaseId === SOURCE_ROOT && !l.uri!.startsWith("/") && !l.uri!.includes(":"))).toBe(true);
    expect(new Set(locations.map((l) => l!.uri))).toEqual(
      new Set(["server.js", "src/render.ts", "components/Profile.jsx", "config/aws.env", "config/database.js", "tools/report.py"]),
    );
    expect(log.runs.every((r) => (r.results ?? []).every((result) => result.partialFingerprints?.["rampartContent/v1"]))).toBe(true);
    expect(log.runs.every((r) => r.originalUriBaseIds?.[SOURCE_ROOT]?.uri === `file://${SAMPLE}/`)).toBe(true);
    const secrets = JSON.stringify(log.runs[2]);
    expect(secrets).not.toMatch(/RampartFakeSecretKeyForTestsOnly|FakePassw0rd/); // masked, as in the CLI
    expect(await scanTempFolders()).toEqual(before);
    console.log(`runScanners on the vulnerable sample: ${seconds.toFixed(1)} s`);
  });

  it("says not-installed for a scanner that is not on PATH, and no-files when the repository has nothing for a tool", async () => {
    process.env.PATH = fakeBin; // no bandit, no checkov, no TemplateAnalyzer: unshare only
    const { log, tools } = await runScanners({ root: textRepo, scanners: ["eslint", "bandit", "checkov", "template-analyzer", "secrets"], timeoutMs: 60_000 });
    const tool = byId(tools);
    expect(tool.eslint).toMatchObject({ state: "no-files", files: 0, version: expect.stringMatching(/^9\./) });
    expect(tool.bandit).toMatchObject({ state: "not-installed", version: null, error: expect.stringContaining("bandit is not on PATH") });
    expect(tool.checkov).toMatchObject({ state: "not-installed", error: expect.stringContaining("pip install checkov") });
    expect(tool["template-analyzer"]).toMatchObject({ state: "not-installed", error: expect.stringContaining("TemplateAnalyzer is not on PATH") });
    expect(tool.secrets).toMatchObject({ state: "ran", files: 1, results: 0 });
    expect(log.runs.map((r) => r.tool.driver.name)).toEqual(["secretlint"]);

    await fakeCheckov(`throw new Error("checkov must not run without files");`);
    const again = await runScanners({ root: textRepo, scanners: ["checkov"], timeoutMs: 60_000 });
    expect(again.tools).toEqual([{ id: "checkov", label: "Checkov", state: "no-files", version: "3.2.255", files: 0, results: 0 }]);
    expect(again.log.runs).toEqual([]);
  });

  it("hands Checkov and Template Analyzer a copy of the IaC files, offline, and reads their SARIF back with repository paths (thousands of results too)", async () => {
    process.env.PATH = `${fakeBin}:${ORIGINAL_PATH}`;
    const seen = path.join(work, "checkov-saw.json");
    await fakeCheckov(`
const folder = option("--directory");
const files = [];
const walk = (dir) => { for (const e of fs.readdirSync(dir, { withFileTypes: true })) { const p = path.join(dir, e.name); if (e.isDirectory()) walk(p); else files.push(path.relative(folder, p)); } };
walk(folder);
fs.writeFileSync(${JSON.stringify(seen)}, JSON.stringify({ args, files: files.sort(), cwd: process.cwd(), env: Object.keys(process.env).sort(), home: process.env.HOME }));
const results = Array.from({ length: 3000 }, (_, i) => ({
  ruleId: "CKV_AWS_20", ruleIndex: 0, level: "error", message: { text: "S3 bucket is public" },
  locations: [{ physicalLocation: { artifactLocation: { uri: "infra/main.tf" }, region: { startLine: 1 + (i % 4), endLine: 4 } } }],
  ...(i === 0 ? { suppressions: [{ kind: "inSource", justification: "the repository says so" }] } : {}),
}));
report({ version: "2.1.0", runs: [{ tool: { driver: { name: "Prisma Cloud", version: "3.2.255", rules: [{ id: "CKV_AWS_20", name: "S3 bucket ACL" }] } }, results }] });
process.exit(1);`);
    await executable(
      "TemplateAnalyzer",
      `const fs = require("node:fs"), path = require("node:path");
const args = process.argv.slice(2);
if (args[0] === "--version") { console.log("0.8.2+6f1c2d3"); process.exit(0); }
if (args[0] !== "analyze-directory" || args[2] !== "--report-format" || args[3] !== "Sarif" || args[4] !== "--output-file-path") process.exit(3);
fs.writeFileSync(args[5], JSON.stringify({ version: "2.1.0", runs: [{
  tool: { driver: { name: "Template BPA", fullName: "Template Best Practice Analyzer", rules: [{ id: "TA-000004", messageStrings: { default: { text: "API App should only be accessible over HTTPS." } } }] } },
  originalUriBaseIds: { ROOTPATH: { uri: args[1] } },
  results: [{ ruleId: "TA-000004", level: "error", message: { id: "default" }, locations: [{ physicalLocation: { artifactLocation: { uri: "/infra/azuredeploy.json", uriBaseId: "ROOTPATH" }, region: { startLine: 2 } } }] }],
}] }));
process.exit(5);`,
    );

    const { log, tools } = await runScanners({ root: iacRepo, scanners: ["checkov", "template-analyzer", "eslint"], timeoutMs: 60_000 });
    const tool = byId(tools);
    expect(tool.checkov).toMatchObject({ state: "ran", version: "3.2.255", files: 2, results: 3000 });
    expect(tool["template-analyzer"]).toMatchObject({ state: "ran", version: "0.8.2", files: 1, results: 1 });
    expect(tool.eslint).toMatchObject({ state: "ran", files: 1, results: 2 }); // eval: the SDL rule and eslint-plugin-security's

    const saw = JSON.parse(await readFile(seen, "utf8")) as { args: string[]; files: string[]; cwd: string; env: string[]; home: string };
    // Only the chosen files: not .checkov.yaml, not node_modules, not the JavaScript.
    expect(saw.files).toEqual(["infra/azuredeploy.json", "infra/main.tf"]);
    expect(saw.args).toEqual(expect.arrayContaining(["--output", "sarif", "--skip-download", "--download-external-modules", "false", "--framework", "terraform", "arm"]));
    expect(saw.args).not.toContain("secrets");
    expect(saw.args[saw.args.indexOf("--directory") + 1]).not.toContain(iacRepo);
    expect(saw.cwd.startsWith(iacRepo)).toBe(false);
    expect(saw.home.startsWith(tmpdir())).toBe(true);
    // Nothing of the server's environment (DATABASE_URL is set for every test worker).
    expect(process.env.DATABASE_URL).toBeTruthy();
    expect(saw.env.filter((k) => !["HOME", "LANG", "LC_ALL", "PATH", "TMPDIR", "TSX_TSCONFIG_PATH", "NO_COLOR", "PYTHONDONTWRITEBYTECODE", "DOTNET_CLI_TELEMETRY_OPTOUT"].includes(k) && !k.startsWith("TSX_"))).toEqual([]);

    const [eslint, checkov, analyzer] = log.runs;
    expect(validateSarif(log).ok).toBe(true);
    expect([eslint!.tool.driver.name, checkov!.tool.driver.name, analyzer!.tool.driver.name]).toEqual(["ESLint", "Checkov", "Template Analyzer"]);
    const first = checkov!.results![0]!;
    expect(first.locations![0]!.physicalLocation!.artifactLocation).toEqual({ uri: "infra/main.tf", uriBaseId: SOURCE_ROOT });
    expect(first.suppressions).toBeUndefined(); // in-source suppressions do not hide findings
    expect(first.properties).toMatchObject({ sourceSuppression: "the repository says so" });
    expect(first.partialFingerprints?.["rampartContent/v1"]).toBeTruthy();
    expect(analyzer!.results![0]!.locations![0]!.physicalLocation!.artifactLocation).toEqual({ uri: "infra/azuredeploy.json", uriBaseId: SOURCE_ROOT });
    expect(Object.keys(analyzer!.originalUriBaseIds ?? {})).toEqual([SOURCE_ROOT]);
    expect(JSON.stringify(log)).not.toContain("checkov-files");
  });

  it("fails a scanner that fails alone, with its reason, and keeps the others' results", async () => {
    process.env.PATH = `${fakeBin}:${ORIGINAL_PATH}`;
    await fakeCheckov(`process.stdout.write("Traceback (most recent call last):\\n  garbage\\nModuleNotFoundError: No module named 'checkov.main'\\n"); process.exit(2);`);
    const { log, tools } = await runScanners({ root: iacRepo, scanners: ["eslint", "checkov", "secrets"], timeoutMs: 60_000 });
    const tool = byId(tools);
    expect(tool.checkov).toMatchObject({ state: "failed", version: "3.2.255", files: 2, results: 0 });
    expect(tool.checkov!.error).toMatch(/^checkov failed \(exit code 2: .*No module named 'checkov\.main'\)/);
    expect(tool.eslint).toMatchObject({ state: "ran", results: 2 });
    expect(tool.secrets).toMatchObject({ state: "ran" });
    expect(log.runs.map((r) => r.tool.driver.name)).toEqual(["ESLint", "secretlint"]);

    await fakeCheckov(`report("not SARIF at all"); process.exit(0);`);
    const invalid = byId((await runScanners({ root: iacRepo, scanners: ["checkov"], timeoutMs: 60_000 })).tools);
    expect(invalid.checkov).toMatchObject({ state: "failed", error: expect.stringContaining("checkov's SARIF report has no runs") });

    await fakeCheckov(`report({ version: "2.1.0", runs: [{ tool: { driver: { name: "checkov" } }, results: [{ message: {}, level: "fatal" }] }] }); process.exit(1);`);
    const schema = byId((await runScanners({ root: iacRepo, scanners: ["checkov"], timeoutMs: 60_000 })).tools);
    expect(schema.checkov).toMatchObject({ state: "failed", error: expect.stringContaining("Checkov wrote SARIF that is not valid 2.1.0") });
  });

  it("kills the scanner process and everything it started when time runs out or the scan is cancelled, keeps what finished, and removes its files", async () => {
    process.env.PATH = `${fakeBin}:${ORIGINAL_PATH}`;
    const pids = path.join(work, "pids");
    await fakeCheckov(`
const { spawn } = require("node:child_process");
const sleeper = spawn(process.execPath, ["-e", "setTimeout(() => {}, 600000)"], { stdio: "ignore" });
fs.appendFileSync(${JSON.stringify(pids)}, process.pid + " " + sleeper.pid + "\\n");
setTimeout(() => {}, 600000);`);
    const before = await scanTempFolders();

    const timedOut = await runScanners({ root: iacRepo, scanners: ["eslint", "checkov"], timeoutMs: 6_000 });
    expect(byId(timedOut.tools).checkov).toMatchObject({ state: "timed-out", version: "3.2.255", files: 2, error: "did not finish within 6 s" });
    expect(byId(timedOut.tools).eslint).toMatchObject({ state: "ran", results: 2 });
    expect(timedOut.log.runs.map((r) => r.tool.driver.name)).toEqual(["ESLint"]);

    const controller = new AbortController();
    const cancelling = runScanners({ root: iacRepo, scanners: ["checkov", "secrets"], timeoutMs: 60_000, signal: controller.signal });
    for (let i = 0; i < 100 && (await readFile(pids, "utf8")).trim().split("\n").length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    const cancelled = await cancelling;
    expect(byId(cancelled.tools).checkov).toMatchObject({ state: "cancelled" });

    const started = (await readFile(pids, "utf8")).trim().split("\n").flatMap((line) => line.split(" ").map(Number));
    expect(started).toHaveLength(4);
    for (const pid of started) expect(await alive(pid)).toBe(false);
    expect(await scanTempFolders()).toEqual(before);

    const already = await runScanners({ root: iacRepo, scanners: ["eslint"], timeoutMs: 60_000, signal: AbortSignal.abort() });
    expect(already.tools).toEqual([{ id: "eslint", label: "ESLint", state: "cancelled", version: null, files: 0, results: 0 }]);
  });

  describe("network", () => {
    let server: Server;
    let port: number;
    let connections = 0;

    beforeAll(async () => {
      server = createServer((socket) => {
        connections++;
        socket.end("hello\n");
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      port = (server.address() as { port: number }).port;
    });

    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("is out of reach of the scanners, even this machine's 127.0.0.1", async () => {
      process.env.PATH = `${fakeBin}:${ORIGINAL_PATH}`;
      const outcome = path.join(work, "connect.txt");
      await fakeCheckov(`
const socket = require("node:net").connect(${port}, "127.0.0.1");
socket.on("connect", () => { fs.writeFileSync(${JSON.stringify(outcome)}, "connected"); process.exit(0); });
socket.on("error", (error) => { fs.writeFileSync(${JSON.stringify(outcome)}, error.code); report({ version: "2.1.0", runs: [{ tool: { driver: { name: "Checkov" } }, results: [] }] }); process.exit(0); });`);

      const { isolation, tools } = await runScanners({ root: iacRepo, scanners: ["checkov"], timeoutMs: 60_000 });
      expect(isolation).toBe("network-namespace");
      expect(tools[0]).toMatchObject({ state: "ran", results: 0 });
      expect(["ENETUNREACH", "ECONNREFUSED"]).toContain(await readFile(outcome, "utf8"));
      expect(connections).toBe(0);

      // The same fake, outside the namespace, does reach the server: the test can tell.
      execFileSync(path.join(fakeBin, "checkov"), ["--directory", iacRepo, "--output-file-path", work]);
      expect(await readFile(outcome, "utf8")).toBe("connected");
      expect(connections).toBe(1);
    });
  });
});
