import { defineConfig } from "prisma/config";

// Used by the Prisma CLI for `prisma generate`. Migrations are written and applied
// by Rampart's own offline tooling (scripts/db-*.ts), which reads the same schema.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
