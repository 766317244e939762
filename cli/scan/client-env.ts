/**
 * What `rampart scan` and `rampart upload` read from their environment: where they were
 * started, Rampart's address and token, and the variables CI systems set. They are
 * clients of a Rampart server, not parts of one, so they do not go through the server's
 * configuration (lib/server/env.ts validates database and sign-in settings they never
 * use); this is the one module of theirs that reads process.env.
 */

export type ClientEnv = Readonly<Record<string, string | undefined>>;

/** A snapshot of the environment, taken once per command. */
export function clientEnv(): ClientEnv {
  return { ...process.env };
}

/**
 * The folder the user ran `rampart` in. bin/rampart.mjs starts this program from the
 * project's root (for tsx and the data folder) and passes the caller's folder along.
 */
export function invocationDir(env: ClientEnv): string {
  return env.RAMPART_CLI_CWD || process.cwd();
}

/** The value of a variable, or undefined when it is unset or blank. */
export function envValue(env: ClientEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}
