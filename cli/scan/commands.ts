/**
 * `rampart scan` and `rampart upload`: pure clients of a Rampart server. They never
 * start or open a database; they read files, run scanners, and speak HTTP to
 * /api/v1/scans with an API token. Their exit codes gate builds (outcome.ts).
 *
 * Only light modules are imported here: the scanners, the SARIF schema and the
 * summary are loaded when a command runs, so that `--help` and the admin commands
 * start fast.
 */
import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { type Command, InvalidArgumentError, Option } from "commander";
import type { SeverityName } from "@/lib/schemas/findings";
import type { SarifLog } from "@/lib/server/sarif/sarif-log";
import { clientEnv, envValue, invocationDir, type ClientEnv } from "./client-env";
import { EXIT_CODES, EXIT_CODES_HELP, usageError } from "./outcome";
import { detectProvenance, gitTopLevel, type DetectedProvenance } from "./provenance";
import type { ScannerId, ScannerRun } from "@/lib/server/scanners/types";
import type { Summary } from "./summary";
import type { UploadOutcome, UploadTarget } from "./upload";

export interface ClientIo {
  /** A status line for the person running the command (stderr, "rampart: " prefixed). */
  say(line: string): void;
  /** Text for stdout, as is. */
  stdout(text: string): Promise<void>;
  /** Text for stderr, as is. */
  stderr(text: string): Promise<void>;
  /** The exit code when the command returns normally (findings at or above --fail-on → 1). */
  setExitCode(code: number): void;
}

const FORMATS = ["table", "json", "sarif"] as const;
type Format = (typeof FORMATS)[number];

type OutputOptions = { format: Format; output?: string; quiet?: boolean; failOn?: SeverityName };

type UploadFlags = {
  url?: string;
  tokenStdin?: boolean;
  repository?: string;
  commit?: string;
  branch?: string;
  category?: string;
  wait: boolean;
  waitTimeout: number;
};

/**
 * The scanners `rampart scan` runs, by their --tools names; the catalog
 * (lib/server/scanners/catalog.ts) and connectors call secretlint "secrets".
 */
const SCANNERS = ["eslint", "secretlint", "bandit"] as const;
type ScannerName = (typeof SCANNERS)[number];
const CATALOG_IDS = { eslint: "eslint", secretlint: "secrets", bandit: "bandit" } as const satisfies Record<ScannerName, ScannerId>;

type ScanFlags = OutputOptions & UploadFlags & { upload?: boolean; root?: string; tools?: ScannerName[]; exclude?: string[] };
type UploadCommandFlags = OutputOptions & UploadFlags & { root?: string };

// ---------------------------------------------------------------- option parsing

const SEVERITY_NAMES = ["critical", "high", "medium", "low"];

function parseFailOn(value: string): SeverityName {
  const severity = value.trim().toUpperCase();
  if (!SEVERITY_NAMES.includes(severity.toLowerCase())) throw new InvalidArgumentError(`Use one of ${SEVERITY_NAMES.join(", ")}.`);
  return severity as SeverityName;
}

function parseTools(value: string): ScannerName[] {
  const names = value
    .split(",")
    .map((n) => n.trim().toLowerCase())
    .filter(Boolean);
  const unknown = names.filter((n) => !(SCANNERS as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0) throw new InvalidArgumentError(`Use a comma-separated list of ${SCANNERS.join(", ")}.`);
  return SCANNERS.filter((s) => names.includes(s));
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 3600) throw new InvalidArgumentError("Give a number of seconds between 1 and 3600.");
  return seconds;
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

function addOutputOptions(command: Command): Command {
  return command
    .addOption(new Option("--fail-on <severity>", "exit 1 when there are findings of this severity or worse: critical, high, medium or low").argParser(parseFailOn))
    .addOption(new Option("--format <format>", "what to print: a summary table, a JSON summary with every finding, or the SARIF log").choices(FORMATS).default("table"))
    .option("--output <file>", "write the --format output to this file instead of stdout (the table then goes to stderr)")
    .option("--quiet", "print nothing but errors and the --format output asked for with --output or a json/sarif --format");
}

function addUploadOptions(command: Command): Command {
  return command
    .option("--url <url>", "Rampart's address, e.g. https://rampart.example.com (default: $RAMPART_URL)")
    .option("--token-stdin", "read the API token from stdin instead of $RAMPART_TOKEN")
    .option("--repository <repository>", "the repository: its URL, or provider/org[/project]/name with provider github, azure-devops or gitlab (default: from CI variables, else `git remote get-url origin`)")
    .option("--commit <sha>", "the commit scanned (default: from CI variables, else `git rev-parse HEAD`)")
    .option("--branch <name>", "the branch scanned (default: from CI variables, else the current git branch)")
    .option("--category <category>", "separates result sets of one tool (e.g. per folder); a finding type (code, secrets, dependency, iac, container) also sets the type")
    .option("--no-wait", "return once Rampart has accepted the upload, without waiting for it to be processed")
    .option("--wait-timeout <seconds>", "how long to wait for Rampart to process the upload", parseSeconds, 120);
}

const UPLOAD_HELP = `
Uploading:
  The API token is read from RAMPART_TOKEN (or stdin with --token-stdin), never from
  the command line; it needs the Upload results permission on the repository's scope.
  Create one in Settings → API tokens, or with:
    rampart admin create-token --name pipeline --permission upload --scope workspace
  The repository, commit and branch come from GitHub Actions (GITHUB_SERVER_URL,
  GITHUB_REPOSITORY, GITHUB_SHA, GITHUB_REF), Azure Pipelines (BUILD_REPOSITORY_URI,
  BUILD_SOURCEVERSION, BUILD_SOURCEBRANCH) or GitLab CI (CI_PROJECT_URL, CI_COMMIT_SHA,
  CI_COMMIT_BRANCH / CI_COMMIT_REF_NAME), else from git; the options above win. The
  repository must be in Rampart's inventory. The upload is gzip-compressed, checked
  against SARIF 2.1.0 and Rampart's limits first (10 MB compressed, 100 MB
  uncompressed, 20 runs, 25,000 results per run, 1,000 locations per result), and then
  followed until Rampart has processed it (every second, up to --wait-timeout), after
  which its counts (new, unchanged, fixed, reopened) are printed.`;

// ---------------------------------------------------------------- shared steps

const NO_REPOSITORY =
  "cannot tell which repository this is for: run in a git working copy whose origin remote is the repository, in GitHub Actions, Azure Pipelines or GitLab CI, or pass --repository (its URL, or provider/org[/project]/name)";

function outputOptions(flags: OutputOptions, cwd: string): OutputOptions {
  return { ...flags, output: flags.output === undefined ? undefined : path.resolve(cwd, flags.output) };
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return "";
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Checked before anything runs, so a pipeline with no token fails at once, not after a long scan. */
async function uploadTarget(flags: UploadFlags, env: ClientEnv): Promise<UploadTarget> {
  const { parseBaseUrl, checkToken } = await import("./upload");
  const url = flags.url ?? envValue(env, "RAMPART_URL");
  if (!url) throw usageError("no Rampart address: pass --url https://rampart.example.com, or set RAMPART_URL");
  const baseUrl = parseBaseUrl(url, flags.url ? "--url" : "RAMPART_URL");
  const token = flags.tokenStdin ? checkToken((await readStdin()).trim() || undefined, "the token on stdin") : checkToken(envValue(env, "RAMPART_TOKEN"), "RAMPART_TOKEN");
  return { baseUrl, token };
}

const shortSha = (sha: string | undefined) => (sha && /^[0-9a-f]{40}$/i.test(sha) ? sha.slice(0, 12) : sha);

function describeProvenance(p: DetectedProvenance): string {
  const parts = [
    p.repository ? `repository ${p.repository} (${p.sources.repository})` : "no repository",
    p.commit ? `commit ${shortSha(p.commit)}` : undefined,
    p.branch ? `branch ${p.branch}` : undefined,
  ];
  return parts.filter(Boolean).join(", ");
}

type Report = {
  summary: Summary;
  provenance: DetectedProvenance;
  failOn?: SeverityName;
  upload?: UploadOutcome;
  root: string;
};

async function renderJson(report: Report): Promise<string> {
  const { atOrAbove, countsOf } = await import("./summary");
  const failing = report.failOn ? atOrAbove(report.summary.findings, report.failOn) : 0;
  return `${JSON.stringify(
    {
      root: report.root,
      repository: report.provenance.repository ?? null,
      commit: report.provenance.commit ?? null,
      branch: report.provenance.branch ?? null,
      tools: report.summary.tools,
      counts: countsOf(report.summary.findings),
      failOn: report.failOn ?? null,
      failing,
      findings: report.summary.findings,
      upload: report.upload ?? null,
    },
    null,
    2,
  )}\n`;
}

async function writeOutput(io: ClientIo, file: string | undefined, text: string): Promise<void> {
  if (file === undefined) return io.stdout(text);
  try {
    await writeFile(file, text);
  } catch (error) {
    throw usageError(`could not write --output ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check that its folder exists and is writable`);
  }
}

/**
 * What scan and upload share once they hold a prepared log: the --format output, the
 * upload, the human summary, and the exit code. The SARIF output is written before the
 * upload (a failed upload leaves it for another try), the summaries after it (they
 * include its outcome).
 */
async function finish(
  io: ClientIo,
  log: SarifLog,
  options: OutputOptions & { root: string; category?: string; provenance: DetectedProvenance; upload?: { target: UploadTarget; flags: UploadFlags } },
): Promise<void> {
  const { summarize, renderTable, atOrAbove } = await import("./summary");
  const summary = summarize(log, { category: options.category });
  const say = (line: string) => !options.quiet && io.say(line);
  if (options.format === "sarif") await writeOutput(io, options.output, `${JSON.stringify(log, null, 2)}\n`);

  let upload: UploadOutcome | undefined;
  let failure: unknown;
  if (options.upload) {
    const { uploadLog } = await import("./upload");
    const { target, flags } = options.upload;
    say(`uploading to ${target.baseUrl}: ${describeProvenance(options.provenance)}`);
    try {
      upload = await uploadLog(
        log,
        target,
        { repository: options.provenance.repository, commit: options.provenance.commit, branch: options.provenance.branch, category: flags.category },
        { wait: flags.wait, waitTimeoutMs: flags.waitTimeout * 1000, say, userAgent: "rampart-cli" },
      );
      if (upload.state === "complete") {
        const c = upload.counts;
        say(
          `Rampart processed scan ${upload.id}${upload.repository ? ` for ${upload.repository.fullName}` : ""}${c ? `: ${c.new} new, ${c.unchanged} unchanged, ${c.fixed} fixed, ${c.reopened} reopened` : ""}`,
        );
      } else {
        say(`uploaded as scan ${upload.id}; Rampart processes it in the background (follow ${upload.url})`);
      }
    } catch (error) {
      failure = error;
    }
  }

  const report: Report = { summary, provenance: options.provenance, failOn: options.failOn, upload, root: options.root };
  const table = renderTable(summary, { failOn: options.failOn });
  if (options.format === "json") await writeOutput(io, options.output, await renderJson(report));
  if (options.format === "table" && (options.output !== undefined || !options.quiet)) await writeOutput(io, options.output, table);
  if (!options.quiet && (options.format !== "table" || options.output !== undefined)) await io.stderr(table);
  if (failure) throw failure;
  if (options.failOn && atOrAbove(summary.findings, options.failOn) > 0) io.setExitCode(EXIT_CODES.findings);
}

// ---------------------------------------------------------------- scan

type Notification = { level?: string; message?: { text?: string }; locations?: { physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } } }[] };

/** "bad.js:1 Parsing error: Unexpected token" for each file a tool reported it could not read (SARIF notifications). */
function fileProblemsOf(run: SarifLog["runs"][number]): string[] {
  const invocations = ((run as { invocations?: { toolConfigurationNotifications?: Notification[]; toolExecutionNotifications?: Notification[] }[] }).invocations ?? []);
  return invocations
    .flatMap((i) => [...(i.toolConfigurationNotifications ?? []), ...(i.toolExecutionNotifications ?? [])])
    .filter((n) => n.level === "error")
    .map((n) => {
      const physical = n.locations?.[0]?.physicalLocation;
      const where = physical?.artifactLocation?.uri ? `${decodeURIComponent(physical.artifactLocation.uri)}${physical.region?.startLine ? `:${physical.region.startLine}` : ""} ` : "";
      return `${where}${n.message?.text ?? "unreadable"}`;
    });
}

async function isFolder(folder: string): Promise<boolean> {
  return (await stat(folder).catch(() => null))?.isDirectory() ?? false;
}

async function scan(io: ClientIo, folderArg: string | undefined, flags: ScanFlags): Promise<void> {
  const env = clientEnv();
  const cwd = invocationDir(env);
  const output = outputOptions(flags, cwd);
  const say = (line: string) => !flags.quiet && io.say(line);
  const target = flags.upload ? await uploadTarget(flags, env) : undefined;
  if (!flags.upload && (flags.url || flags.tokenStdin)) throw usageError("--url and --token-stdin only apply with --upload; add --upload to send the results to Rampart");

  const folder = path.resolve(cwd, folderArg ?? ".");
  if (!(await isFolder(folder))) throw usageError(`${folderArg ?? folder} is not a folder; give the working copy to scan (default: the current folder)`);
  const gitRoot = await gitTopLevel(folder);
  const root = flags.root ? path.resolve(cwd, flags.root) : (gitRoot ?? folder);
  if (flags.root && !(await isFolder(root))) throw usageError(`--root ${flags.root} is not a folder`);
  const inside = path.relative(root, folder);
  if (inside.startsWith("..") || path.isAbsolute(inside)) throw usageError(`${folder} is not inside --root ${root}; the root must contain the folder scanned`);

  const [{ listFiles }, { SCANNER_CATALOG }, { banditVersion }, { runEslint }, { runSecretlint }, { runBandit }, { ScannerError }, { prepareLog }] = await Promise.all([
    import("@/lib/server/scanners/files"),
    import("@/lib/server/scanners/catalog"),
    import("@/lib/server/scanners/detect"),
    import("@/lib/server/scanners/eslint"),
    import("@/lib/server/scanners/secretlint"),
    import("@/lib/server/scanners/bandit"),
    import("@/lib/server/scanners/types"),
    import("./prepare-log"),
  ]);
  // A scanner that is there but cannot work stops the command (exit 2), naming the fix.
  const orStop = async <T>(work: Promise<T>): Promise<T> => {
    try {
      return await work;
    } catch (error) {
      if (error instanceof ScannerError) throw usageError(`${error.message}, or leave it out with --tools`);
      throw error;
    }
  };

  const wanted = flags.tools ?? [...SCANNERS];
  let bandit: string | null = null;
  if (wanted.includes("bandit")) {
    bandit = await orStop(banditVersion());
    if (bandit === null && flags.tools) throw usageError("--tools names bandit, but bandit is not on PATH; install it (apt-get install bandit, or pip install bandit) or leave it out of --tools");
    if (bandit === null) say("bandit is not on PATH: Python files are not scanned (install it with apt-get install bandit or pip install bandit)");
  }
  const tools = wanted.filter((t) => t !== "bandit" || bandit !== null);

  const { files, tooLarge } = await listFiles(folder, flags.exclude ?? []);
  const filesFor = (tool: ScannerName) => SCANNER_CATALOG[CATALOG_IDS[tool]].selectFiles(files);
  const provenance = await detectProvenance({
    env,
    gitDir: gitRoot ? root : undefined,
    given: { repository: flags.repository, commit: flags.commit, branch: flags.branch },
  });
  if (target && !provenance.repository) throw usageError(NO_REPOSITORY);
  say(`scanning ${path.relative(cwd, folder) || "."} (${files.length} file${files.length === 1 ? "" : "s"}) with ${tools.join(", ")}`);
  if (tooLarge.length > 0) say(`skipped ${tooLarge.length} file${tooLarge.length === 1 ? "" : "s"} over 1 MB: ${tooLarge.slice(0, 3).map((f) => path.relative(root, f)).join(", ")}${tooLarge.length > 3 ? ", …" : ""}`);

  // Bandit is another process: it runs while ESLint and secretlint work in this one.
  const inProcess = async () => {
    const runs: ScannerRun[] = [];
    if (tools.includes("eslint")) runs.push(await runEslint({ root, files: await filesFor("eslint") }));
    if (tools.includes("secretlint")) runs.push(await runSecretlint({ root, files: await filesFor("secretlint") }));
    return runs;
  };
  const [local, python] = await Promise.all([
    inProcess(),
    tools.includes("bandit") && bandit !== null ? orStop(filesFor("bandit").then((python) => runBandit({ root, files: python }, bandit))) : Promise.resolve(undefined),
  ]);
  const runs = [...local, ...(python ? [python] : [])];

  const raw: SarifLog = { version: "2.1.0", runs: runs.map((r) => r.run) };
  const { log } = await prepareLog(raw, { root, provenance, category: flags.category });
  for (const run of log.runs) {
    const problems = fileProblemsOf(run);
    if (problems.length > 0) {
      const files = `${problems.length} file${problems.length === 1 ? "" : "s"}`;
      say(`${run.tool.driver.name} skipped ${files} it could not read: ${problems.slice(0, 3).join("; ")}${problems.length > 3 ? "; …" : ""}`);
    }
  }
  await finish(io, log, { ...output, root, category: flags.category, provenance, upload: target ? { target, flags } : undefined });
}

// ---------------------------------------------------------------- upload

const gunzipAsync = promisify(gunzip);

async function readLog(file: string, shown: string): Promise<unknown> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw usageError(code === "ENOENT" ? `${shown} does not exist; give the SARIF file a scanner wrote` : `could not read ${shown} (${code ?? (error as Error).message})`);
  }
  const { SARIF_LIMITS, decompressedTooLarge } = await import("@/lib/server/sarif/sarif-limits");
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = await gunzipAsync(bytes, { maxOutputLength: SARIF_LIMITS.decompressedBytes });
    } catch (error) {
      if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw usageError(`${decompressedTooLarge().message} (Rampart's limit; nothing was uploaded)`);
      throw usageError(`${shown} looks gzip-compressed but cannot be decompressed; check that the file is complete`);
    }
  }
  const text = bytes.toString("utf8");
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw usageError(`${shown} is not valid JSON (${(error as Error).message}); a SARIF log is a JSON document, check that the file is complete`);
  }
}

async function upload(io: ClientIo, fileArg: string, flags: UploadCommandFlags): Promise<void> {
  const env = clientEnv();
  const cwd = invocationDir(env);
  const output = outputOptions(flags, cwd);
  const target = await uploadTarget(flags, env);
  const file = path.resolve(cwd, fileArg);
  const gitRoot = await gitTopLevel(flags.root ? path.resolve(cwd, flags.root) : cwd);
  const root = flags.root ? path.resolve(cwd, flags.root) : (gitRoot ?? cwd);
  if (flags.root && !(await isFolder(root))) throw usageError(`--root ${flags.root} is not a folder`);

  const { prepareLog, checkUploadable } = await import("./prepare-log");
  const parsed = checkUploadable(await readLog(file, fileArg));
  const provenance = await detectProvenance({
    env,
    gitDir: gitRoot ? root : undefined,
    given: { repository: flags.repository, commit: flags.commit, branch: flags.branch },
  });
  if (!provenance.repository && !parsed.runs.some((run) => run.versionControlProvenance?.some((v) => v.repositoryUri))) throw usageError(NO_REPOSITORY);
  const { log, fingerprinted } = await prepareLog(parsed, { root, provenance, category: flags.category });
  if (!flags.quiet && fingerprinted > 0) io.say(`added content fingerprints to ${fingerprinted} result${fingerprinted === 1 ? "" : "s"} that had none`);
  await finish(io, log, { ...output, root, category: flags.category, provenance, upload: { target, flags } });
}

// ---------------------------------------------------------------- registration

export function registerScanCommands(program: Command, io: ClientIo): void {
  const scanCommand = program
    .command("scan")
    .description("scan a working copy with ESLint (security rules), secretlint and Bandit; print a summary, write SARIF, upload to Rampart")
    .argument("[path]", "the folder to scan (default: the current folder)")
    .option("--upload", "upload the results to Rampart (see Uploading below)")
    .option("--root <folder>", "the repository root that file paths are relative to (default: the top of the git working copy, else the folder scanned)")
    .addOption(new Option("--tools <list>", `scanners to run, comma-separated: ${SCANNERS.join(", ")} (default: all; bandit only when it is on PATH)`).argParser(parseTools))
    .option("--exclude <glob>", "leave out files matching this glob, relative to the folder scanned (repeatable), e.g. 'docs/**'", collect);
  addOutputOptions(scanCommand);
  addUploadOptions(scanCommand);
  scanCommand
    .addHelpText(
      "after",
      `
What is scanned:
  JavaScript and TypeScript (.js .mjs .cjs .jsx .ts .mts .cts .tsx) with ESLint and the
  security rules of @microsoft/eslint-plugin-sdl and eslint-plugin-security; every text
  file with secretlint's recommended rules (secrets are masked in the output); Python
  with Bandit when \`bandit\` is on PATH. The repository's own ESLint, secretlint and
  Bandit settings are not read, and disable comments (eslint-disable, # nosec) do not
  hide findings: dismiss them in Rampart instead. Skipped: node_modules, vendor, .git,
  dist, build, out, coverage, target, .next and similar folders, symbolic links, and
  files over 1 MB.

Output:
  --format table (default) prints findings by severity and type, then the most severe
  with file:line; json prints the same with every finding; sarif prints the SARIF
  2.1.0 log (one run per tool, paths relative to the repository root). Severities and
  types are decided as Rampart decides them.
${UPLOAD_HELP}

${EXIT_CODES_HELP}

Examples:
  rampart scan
  rampart scan services/api --fail-on high
  rampart scan --format sarif --output rampart.sarif
  RAMPART_URL=https://rampart.example.com rampart scan --upload --fail-on high   # with RAMPART_TOKEN set`,
    )
    .action(async (folder: string | undefined, flags: ScanFlags) => scan(io, folder, flags));

  const uploadCommand = program
    .command("upload")
    .description("upload a SARIF 2.1.0 log (from any tool) to Rampart, with paths made relative and fingerprints added")
    .argument("<file>", "the SARIF file (.sarif, .json, or gzip-compressed)")
    .option("--root <folder>", "the repository root the log's paths are relative to or start with (default: the top of the git working copy of the current folder, else the current folder)");
  addUploadOptions(uploadCommand);
  addOutputOptions(uploadCommand);
  uploadCommand
    .addHelpText(
      "after",
      `
Before uploading, absolute file:// paths below --root become relative to it, results
without fingerprints get partialFingerprints from the code around them (so Rampart can
follow a finding when lines are added above it), and the repository, commit and
branch go into each run's versionControlProvenance.
${UPLOAD_HELP}

${EXIT_CODES_HELP}

Examples:
  rampart upload results.sarif --url https://rampart.example.com   # with RAMPART_TOKEN set
  printf '%s' "$TOKEN" | rampart upload trivy.sarif --token-stdin --category container --fail-on critical`,
    )
    .action(async (file: string, flags: UploadCommandFlags) => upload(io, file, flags));
}
