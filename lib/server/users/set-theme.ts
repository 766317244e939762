import "server-only";
import { forgetCallers } from "../auth/caller-cache";
import { db } from "../db/client";

/** The user's theme; pages read it from the caller, so the cached callers are forgotten. */
export async function setTheme(userId: string, theme: "LIGHT" | "DARK"): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { theme } });
  forgetCallers();
}
