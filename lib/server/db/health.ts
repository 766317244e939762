import "server-only";
import { pool } from "./client";

export async function databaseAnswers(timeoutMs = 2000): Promise<boolean> {
  try {
    const query = pool().query("select 1");
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), timeoutMs).unref());
    await Promise.race([query, timeout]);
    return true;
  } catch {
    return false;
  }
}
