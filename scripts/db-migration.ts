/**
 * `npm run db:migration -- <name>`: writes the next migration, the SQL that takes the
 * existing migrations to prisma/schema.prisma, into prisma/migrations/<time>_<name>.
 * Uses the embedded PostgreSQL (or DATABASE_URL) for a temporary shadow database.
 */
import path from "node:path";
import { createMigration } from "@/lib/server/db/schema-engine";
import { prepareRuntime, MIGRATIONS_DIR } from "@/lib/server/runtime/prepare-runtime";

async function main() {
  const name = process.argv[2];
  if (!name || name.startsWith("-")) {
    console.error("usage: npm run db:migration -- <name>     e.g. npm run db:migration -- add_connector_settings");
    process.exit(2);
  }
  const runtime = await prepareRuntime({ log: (l) => console.log(`rampart: ${l}`), seed: false, migrate: false });
  try {
    const result = await createMigration({ databaseUrl: runtime.databaseUrl, schemaPath: path.resolve("prisma/schema.prisma"), migrationsDir: MIGRATIONS_DIR, name });
    if (result.path) console.log(`rampart: wrote ${path.relative(process.cwd(), result.path)}\n\n${result.sql}`);
    else console.log("rampart: schema.prisma and the migrations agree; nothing to write");
  } finally {
    await runtime.shutdown();
  }
}

main().catch((error: unknown) => {
  console.error(`rampart: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
