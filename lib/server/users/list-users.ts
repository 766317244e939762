import "server-only";
import type { UserView } from "@/lib/schemas/users";
import { notFound } from "../api/errors";
import { db } from "../db/client";
import { toUserView, userViewInclude } from "./user-view";

export async function listUsers(): Promise<UserView[]> {
  const users = await db.user.findMany({
    orderBy: [{ disabledAt: { sort: "asc", nulls: "first" } }, { email: "asc" }],
    include: userViewInclude,
    omit: { passwordHash: false },
  });
  return users.map(toUserView);
}

export async function getUser(id: string): Promise<UserView> {
  const user = await db.user.findUnique({ where: { id }, include: userViewInclude, omit: { passwordHash: false } });
  if (!user) throw notFound("The user");
  return toUserView(user);
}
