import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { Caller } from "../authz/caller";
import { needsFirstRun } from "../setup/create-first-owner";
import { callerFromCookie, sessionCookieName } from "./sessions";

/** The signed-in caller of the page being rendered, or null (read once per render). */
export const currentCaller = cache(async (): Promise<Caller | null> => {
  const jar = await cookies();
  return callerFromCookie(jar.get(sessionCookieName())?.value);
});

/** For pages behind sign-in: the caller, or a redirect to the sign-in page. */
export async function requireCaller(): Promise<Caller> {
  const caller = await currentCaller();
  if (caller) return caller;
  redirect((await needsFirstRun()) ? "/setup" : "/sign-in");
}
