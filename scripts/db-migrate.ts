/**
 * `npm run db:migrate`: applies pending migrations from prisma/migrations to the
 * configured database (DATABASE_URL, or the embedded one). Works offline.
 */
import { EnvError } from "@/lib/server/env";
import { prepareRuntime } from "@/lib/server/runtime/prepare-runtime";

async function main() {
  const runtime = await prepareRuntime({ log: (l) => console.log(`rampart: ${l}`), seed: false });
  if (runtime.appliedMigrations.length === 0) console.log("rampart: the database is up to date");
  await runtime.shutdown();
}

main().catch((error: unknown) => {
  console.error(`rampart: ${error instanceof EnvError || error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
