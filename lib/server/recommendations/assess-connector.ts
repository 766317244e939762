import "server-only";
import { db } from "../db/client";
import { lockRepositories } from "../findings/lapse-expired-dismissals";
import { assessPostureResources, assessRepositories } from "./assess";

/**
 * Re-assesses every repository and posture resource of a connector (after a discovery has
 * read their settings), a batch at a time, each batch in its own transaction holding the
 * batch's row locks: ingestion of one of them waits for a batch, never for the whole.
 */

const BATCH = 1000;

export async function assessConnector(connectorId: string): Promise<void> {
  const repositories = await db.repository.findMany({ where: { connectorId }, select: { id: true }, orderBy: { id: "asc" } });
  for (let i = 0; i < repositories.length; i += BATCH) {
    const ids = repositories.slice(i, i + BATCH).map((r) => r.id);
    await db.$transaction(
      async (tx) => {
        const locked = await lockRepositories(tx, ids);
        await assessRepositories(tx, locked);
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  }
  const resources = await db.postureResource.findMany({ where: { connectorId }, select: { id: true }, orderBy: { id: "asc" } });
  for (let i = 0; i < resources.length; i += BATCH) {
    const ids = resources.slice(i, i + BATCH).map((r) => r.id);
    await db.$transaction(
      async (tx) => {
        const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM "PostureResource" WHERE id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`;
        await assessPostureResources(
          tx,
          locked.map((r) => r.id),
        );
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  }
}

/** Connectors never assessed (created before the catalog existed): assessed once, at start. */
export async function assessUnassessedConnectors(): Promise<number> {
  const connectors = await db.connector.findMany({
    where: { recommendationRollups: { none: {} }, repositories: { some: {} } },
    select: { id: true },
  });
  for (const c of connectors) await assessConnector(c.id);
  return connectors.length;
}
