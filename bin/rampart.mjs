#!/usr/bin/env node
// The `rampart` command. Runs cli/rampart.ts through tsx, from the project root (the
// data folder and prisma/migrations are relative to it), with tsconfig.scripts.json so
// that "server-only" resolves to its stub. The environment is passed through, plus
// RAMPART_CLI_CWD: the folder the command was run in, which `rampart scan` and
// `rampart upload` resolve their paths against.
import { spawn } from "node:child_process";
import { constants } from "node:os";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

let tsx;
try {
  tsx = import.meta.resolve("tsx");
} catch {
  console.error("rampart: tsx is not installed; run `npm install` in " + root);
  process.exit(1);
}

const args = process.argv.slice(2);
// pg >= 8.19 warns that Prisma's adapter queues queries on one client inside transactions;
// harmless, and noise for an operator. --verbose shows it.
const quiet = args.includes("--verbose") ? [] : ["--disable-warning=DeprecationWarning"];

const child = spawn(
  process.execPath,
  [...quiet, "--import", tsx, fileURLToPath(new URL("../cli/rampart.ts", import.meta.url)), ...args],
  {
    cwd: root,
    stdio: "inherit",
    env: {
      ...process.env,
      TSX_TSCONFIG_PATH: fileURLToPath(new URL("../tsconfig.scripts.json", import.meta.url)),
      RAMPART_CLI_CWD: process.cwd(),
    },
  },
);

// The command stops its database cleanly on these; pass them on and wait for it.
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"];
const forward = (signal) => child.kill(signal);
for (const signal of SIGNALS) process.on(signal, forward);

child.on("error", (error) => {
  console.error(`rampart: could not start: ${error.message}`);
  process.exit(1);
});

child.on("exit", (code, signal) => {
  for (const s of SIGNALS) process.off(s, forward);
  if (signal) {
    // Die of the same signal, so the caller sees what happened.
    process.kill(process.pid, signal);
    setTimeout(() => process.exit(128 + (constants.signals[signal] ?? 1)), 100).unref();
    return;
  }
  process.exit(code ?? 1);
});
