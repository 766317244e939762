import "server-only";
import type pg from "pg";
import { pool } from "./client";
import { Prisma } from "./generated/client";

/**
 * A transaction on one connection of the pool, for bulk work Prisma cannot do: COPY into
 * a temporary table and set-based statements over it (ingesting 25,000 results at once).
 * Queries are written with Prisma.sql, so values are always parameters.
 */
export type PgTransaction = {
  /** The connection itself, for COPY streams. */
  client: pg.PoolClient;
  rows<T>(query: Prisma.Sql): Promise<T[]>;
  execute(query: Prisma.Sql): Promise<number>;
  /** The shape helpers written for Prisma's clients take (e.g. recountFindings). */
  $executeRaw(strings: TemplateStringsArray, ...values: unknown[]): Promise<number>;
  $queryRaw<T = unknown>(strings: TemplateStringsArray, ...values: unknown[]): Promise<T>;
};

export async function withPgTransaction<T>(work: (tx: PgTransaction) => Promise<T>): Promise<T> {
  const client = await pool().connect();
  const execute = async (query: Prisma.Sql) => (await client.query(query.text, query.values)).rowCount ?? 0;
  const tx: PgTransaction = {
    client,
    rows: async <R,>(query: Prisma.Sql) => (await client.query(query.text, query.values)).rows as R[],
    execute,
    $executeRaw: (strings, ...values) => execute(Prisma.sql(strings, ...values)),
    $queryRaw: async <R,>(strings: TemplateStringsArray, ...values: unknown[]) => (await client.query(Prisma.sql(strings, ...values).text, Prisma.sql(strings, ...values).values)).rows as R,
  };
  try {
    await client.query("BEGIN");
    const result = await work(tx);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
