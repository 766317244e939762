import "server-only";
import { createHash } from "node:crypto";
import { RateLimiterPostgres, type RateLimiterRes } from "rate-limiter-flexible";
import { pool } from "../db/client";

/**
 * Failed sign-ins are limited per account and per address, in PostgreSQL so that
 * every web instance shares the count (rate-limiter-flexible's Postgres store, table
 * `rate_limits` created by our migrations).
 *   - an account: 5 failures in 15 minutes, then refused until the window ends;
 *   - an address: 20 failures in 15 minutes, across any accounts.
 */
export const ACCOUNT_LIMIT = { points: 5, duration: 15 * 60 };
export const ADDRESS_LIMIT = { points: 20, duration: 15 * 60 };

let limiters: { account: RateLimiterPostgres; address: RateLimiterPostgres } | undefined;

function get() {
  limiters ??= {
    account: new RateLimiterPostgres({ storeClient: pool(), storeType: "pool", tableName: "rate_limits", tableCreated: true, keyPrefix: "signin-account", ...ACCOUNT_LIMIT }),
    address: new RateLimiterPostgres({ storeClient: pool(), storeType: "pool", tableName: "rate_limits", tableCreated: true, keyPrefix: "signin-address", ...ADDRESS_LIMIT }),
  };
  return limiters;
}

const accountKey = (email: string) => createHash("sha256").update(email.trim().toLowerCase()).digest("hex");

function secondsLeft(res: RateLimiterRes | null, limit: number): number {
  return res && res.consumedPoints >= limit ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : 0;
}

/** Seconds until this account and address may try again; 0 when they may now. */
export async function signInRetryAfter(email: string | null, ip: string | null): Promise<number> {
  const { account, address } = get();
  const [byAccount, byAddress] = await Promise.all([
    email ? account.get(accountKey(email)) : null,
    ip ? address.get(ip) : null,
  ]);
  return Math.max(secondsLeft(byAccount, ACCOUNT_LIMIT.points), secondsLeft(byAddress, ADDRESS_LIMIT.points));
}

export async function recordFailedSignIn(email: string, ip: string | null): Promise<void> {
  const { account, address } = get();
  // consume() rejects once the limit is passed; the count is what matters here.
  await Promise.allSettled([account.consume(accountKey(email)), ip ? address.consume(ip) : Promise.resolve()]);
}

export async function clearFailedSignIns(email: string): Promise<void> {
  await get().account.delete(accountKey(email));
}
