import "server-only";
import pg from "pg";
import { pool } from "./client";
import type { Prisma } from "./generated/client";

/**
 * Rows of a hand-written query straight through `pg`, for the few queries every page of
 * the inventory runs: the same pool as Prisma, without Prisma's per-value conversion of
 * wide rows. Values come back as Prisma would give them: timestamps (stored without a
 * time zone, in UTC) as Dates in UTC, counts (bigint) as numbers.
 */

const TIMESTAMP = 1114;
const INT8 = 20;

const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === TIMESTAMP) return (value: string) => new Date(`${value.replace(" ", "T")}Z`);
    if (oid === INT8) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export async function rawRows<T>(sql: Prisma.Sql): Promise<T[]> {
  const result = await pool().query({ text: sql.text, values: sql.values, types });
  return result.rows as T[];
}
