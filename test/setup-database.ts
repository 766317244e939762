/**
 * Runs before every test file: points this worker at its own database (a clone of
 * the migrated template), and empties every table before each test.
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, inject } from "vitest";

// A temporary folder of this test file's own: tests that check nothing is left behind in
// it (clones, scanner folders) do not see the files other test files create meanwhile.
// Open to every user and sticky, as /tmp is: the embedded PostgreSQL runs as its own user.
const ownTmp = mkdtempSync(path.join(tmpdir(), "rampart-vitest-"));
chmodSync(ownTmp, 0o1777);
process.env.TMPDIR = ownTmp;
afterAll(() => rmSync(ownTmp, { recursive: true, force: true }));

const serverUrl = inject("postgresServerUrl");
const database = `rampart_test_${process.env.VITEST_POOL_ID ?? "1"}`;

process.env.DATABASE_URL = `${serverUrl}/${database}`;
process.env.RAMPART_SECRET_KEY ??= "test-secret-key-that-is-long-enough-for-rampart";
process.env.RAMPART_DEMO = "0";
// The SCM sandbox host is offered; tests that talk to it start one and publish its address.
process.env.RAMPART_SANDBOX = "1";
process.env.RAMPART_SANDBOX_URL ??= "http://127.0.0.1:9";

async function ensureDatabase() {
  const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  try {
    const exists = await admin.query("select 1 from pg_database where datname = $1", [database]);
    if (exists.rowCount === 0) await admin.query(`create database ${database} template rampart_template`);
  } finally {
    await admin.end();
  }
}

let tables: string[] = [];

beforeAll(async () => {
  await ensureDatabase();
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const result = await client.query<{ tablename: string }>(
    "select tablename from pg_tables where schemaname = 'public' and tablename <> '_prisma_migrations'",
  );
  tables = result.rows.map((r) => `"${r.tablename}"`);
  await client.end();
});

beforeEach(async () => {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query(`truncate ${tables.join(", ")} restart identity cascade`);
  // Jobs queued by an earlier test (pg-boss's own schema, once a test has started it).
  await client.query(`do $$ begin if to_regclass('pgboss.job') is not null then delete from pgboss.job; end if; end $$`);
  await client.end();
});
