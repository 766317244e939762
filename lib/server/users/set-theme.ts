import "server-only";
import { db } from "../db/client";

export async function setTheme(userId: string, theme: "LIGHT" | "DARK"): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { theme } });
}
