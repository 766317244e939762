import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { requireDatabaseUrl } from "../env";
import { PrismaClient } from "./generated/client";

/**
 * One connection pool and one Prisma client for the process. Secret columns are
 * omitted by default; code that needs one asks for it with `omit: { x: false }`.
 */

function create() {
  const pool = new pg.Pool({ connectionString: requireDatabaseUrl(), max: 10 });
  // An idle connection that the server closes (restart, failover, shutdown) must not
  // crash the process: the pool drops it and the next query opens a new one.
  pool.on("error", (error) => console.error(`rampart: database connection lost (${error.message}); reconnecting on next use`));
  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool),
    omit: { user: { passwordHash: true }, apiToken: { hash: true } },
  });
  return { pool, prisma };
}

type Db = ReturnType<typeof create>;
const holder = globalThis as unknown as { __rampartDb?: Db };

function instance(): Db {
  holder.__rampartDb ??= create();
  return holder.__rampartDb;
}

/** The Prisma client (created on first use, after the database URL is known). */
export const db: Db["prisma"] = new Proxy({} as Db["prisma"], {
  get(_target, property) {
    const prisma = instance().prisma;
    const value = Reflect.get(prisma, property, prisma) as unknown;
    return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(prisma) : value;
  },
});

/** The same pool, for libraries that speak `pg` directly (the rate limiter). */
export function pool(): pg.Pool {
  return instance().pool;
}

export async function disconnectDb(): Promise<void> {
  const current = holder.__rampartDb;
  holder.__rampartDb = undefined;
  if (current) {
    await current.prisma.$disconnect();
    await current.pool.end().catch(() => undefined);
  }
}

export type { Prisma } from "./generated/client";
