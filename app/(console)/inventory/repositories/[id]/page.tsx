import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { RepositoryHealthView } from "@/components/repository/RepositoryHealthView";
import { requireCaller } from "@/lib/server/auth/current-caller";
import { mayAnywhere } from "@/lib/server/authz/caller";
import { findRepositoryHealth } from "@/lib/server/inventory/repository-health";

/** One read per request, shared by the title and the page. */
const load = cache(async (id: string) => {
  const caller = await requireCaller();
  if (!mayAnywhere(caller, "workspace.read")) return null;
  return findRepositoryHealth(caller, id);
});

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const health = await load((await params).id);
  return { title: health ? `${health.name} · Inventory` : "Repository not found" };
}

/** A repository's health page. One the caller may not see is not found, like one that does not exist. */
export default async function RepositoryHealthPage({ params }: Params) {
  const health = await load((await params).id);
  if (!health) notFound();
  return <RepositoryHealthView health={health} />;
}
