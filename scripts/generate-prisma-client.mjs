// Generates the Prisma client (lib/server/db/generated) without the network: `prisma
// generate` only checks that a schema-engine binary path exists, it does not run it
// (see ../shared/docs/stack-notes.md), so point it at this file when none is set.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const childEnv = { ...process.env };
childEnv.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);
childEnv.PRISMA_HIDE_UPDATE_MESSAGE = "1";
const result = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "generate"], { stdio: ["ignore", "pipe", "inherit"], env: childEnv });
if (result.status !== 0) process.exit(result.status ?? 1);
process.stdout.write("rampart: Prisma client generated\n");
