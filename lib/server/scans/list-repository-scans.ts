import "server-only";
import type { RepositoryScanList } from "@/lib/schemas/scans";
import { notFound } from "../api/errors";
import type { Caller } from "../authz/caller";
import { db } from "../db/client";
import { loadVisibleRepository } from "../inventory/repository-health";
import { scanSelect, toScanView } from "./scan-view";

/** GET /api/v1/repositories/{id}/scans: the repository's latest scans, newest first. */

export const REPOSITORY_SCANS_SHOWN = 20;

export async function listRepositoryScans(caller: Caller, repositoryId: string): Promise<RepositoryScanList> {
  const repository = await loadVisibleRepository(caller, repositoryId, "scans.read");
  if (!repository) throw notFound("The repository");
  const rows = await db.scan.findMany({
    where: { repositoryId: repository.id },
    select: scanSelect,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: REPOSITORY_SCANS_SHOWN,
  });
  return { items: rows.map(toScanView) };
}
