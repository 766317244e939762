import "server-only";
import type { Caller } from "../authz/caller";

/**
 * The callers of recent sessions, kept for a moment in this process.
 *
 * Every request of the console and the API starts by loading its caller (the session,
 * the user and their role assignments): one database round trip of about 1 ms, which is
 * as much as many of the queries behind the page itself (opening a node of the grouped
 * inventory, say). A browser sends requests in bursts (a page and its API calls, a tree
 * being opened), so the caller is kept for CALLER_TTL_MS.
 *
 * What may change a caller (signing out, a disabled user, a reset password, a role
 * assigned or removed, a connector moved or deleted) empties the cache of the process
 * that made the change at once, by calling forgetCallers(); other server processes see it
 * within CALLER_TTL_MS. That is the price of the cache, and why it is short.
 */

export const CALLER_TTL_MS = 2_000;
const MAX_ENTRIES = 5_000;

type Entry = { caller: Caller | null; until: number };

/**
 * Kept on globalThis: Next bundles route handlers and pages as separate module graphs in
 * one process, and a change made through one (sign-out, a theme) must empty the cache the
 * other reads.
 */
const KEY = Symbol.for("rampart.caller-cache");
const store = globalThis as typeof globalThis & { [KEY]?: { entries: Map<string, Entry>; generation: number } };
const shared = (store[KEY] ??= { entries: new Map(), generation: 0 });
/** Oldest first (an entry is moved to the end when it is loaded again). */
const entries = shared.entries;

/**
 * The caller behind a session cookie, from the cache when it was loaded less than
 * CALLER_TTL_MS ago (and its session has not expired since), else from `load`, which
 * answers the caller (or null) and until when it may be kept (the session's expiry; 0 for
 * a cookie that is not a session's, so that made-up cookies do not crowd out real ones).
 * Keyed by the cookie itself, which also saves decrypting it.
 */
export async function cachedCaller(cookie: string, load: () => Promise<{ caller: Caller | null; expiresAt: number }>): Promise<Caller | null> {
  const now = Date.now();
  const hit = entries.get(cookie);
  if (hit && hit.until > now) return hit.caller;
  const generationAtStart = shared.generation;
  const { caller, expiresAt } = await load();
  const until = Math.min(now + CALLER_TTL_MS, expiresAt);
  // A change made while this load was running may not be in what it read: not kept.
  if (generationAtStart === shared.generation && until > now) {
    if (hit) entries.delete(cookie);
    else if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
    entries.set(cookie, { caller, until });
  }
  return caller;
}

/** Forgets every cached caller: called after any change to sessions, users, role assignments or connectors' places. */
export function forgetCallers(): void {
  shared.generation++;
  entries.clear();
}
