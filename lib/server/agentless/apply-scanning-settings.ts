import "server-only";
import type { ProviderName, ScannerId } from "@/lib/schemas/connectors";
import { db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { inScanScope } from "../discovery/scan-scope";
import { recountFindings } from "../findings/finding-counts";
import { SCANNER_CATALOG } from "../scanners/catalog";
import { refreshAgentlessScanning } from "./agentless-schedule";
import { AGENTLESS_CATEGORY } from "./agentless-category";

/**
 * What changing a connector's scanning settings does at once, rather than at the next
 * discovery or scan:
 * - the scope list applies to its repositories (in scope or not);
 * - a scanner turned off (or scanning turned off) stops: the open findings it made move to
 *   *not scanned*, out of the counts, not to Fixed (they come back, Reopened, if it is
 *   turned on again and still finds them);
 * - repositories brought into scope and never scanned are queued, and the ones now out of
 *   scope say so.
 */
export async function applyScanningSettings(connectorId: string, before: { scanningEnabled: boolean; scanners: string[] }): Promise<{ notScanned: number }> {
  const connector = await db.connector.findUnique({
    where: { id: connectorId },
    select: { provider: true, scanningEnabled: true, scanners: true, scanScopeMode: true, scanScopeEntries: true, autodiscovery: true },
  });
  if (!connector) return { notScanned: 0 };

  const repositories = await db.repository.findMany({
    where: { connectorId },
    select: { id: true, organizationName: true, projectPath: true, name: true, foundAfterOnboarding: true, inScanScope: true },
  });
  const change = { on: [] as string[], off: [] as string[] };
  for (const r of repositories) {
    const scope = inScanScope(connector.provider as ProviderName, connector, r, r.foundAfterOnboarding);
    if (scope !== r.inScanScope) (scope ? change.on : change.off).push(r.id);
  }
  if (change.on.length) await db.repository.updateMany({ where: { id: { in: change.on } }, data: { inScanScope: true } });
  if (change.off.length) await db.repository.updateMany({ where: { id: { in: change.off } }, data: { inScanScope: false } });

  const wasOn = before.scanningEnabled ? before.scanners : [];
  const nowOn = connector.scanningEnabled ? connector.scanners : [];
  const stopped = wasOn.filter((s) => !nowOn.includes(s)) as ScannerId[];
  const notScanned = await markNotScanned(connectorId, stopped);

  await refreshAgentlessScanning(connectorId, "schedule", { neverScannedOnly: true });
  return { notScanned };
}

/** The open findings that the given scanners made in the connector's repositories become *not scanned*. */
export async function markNotScanned(connectorId: string, scanners: ScannerId[]): Promise<number> {
  const tools = scanners.map((s) => SCANNER_CATALOG[s]?.toolName).filter((t): t is string => Boolean(t));
  if (tools.length === 0) return 0;
  return db.$transaction(async (tx) => {
    const moved = await tx.$queryRaw<{ id: string; repositoryId: string }[]>(Prisma.sql`
      UPDATE "Finding" f SET state = 'NOT_SCANNED', "lastSeenAt" = now()
      FROM "Repository" r
      WHERE r.id = f."repositoryId" AND r."connectorId" = ${connectorId}::uuid
        AND f.category = ${AGENTLESS_CATEGORY} AND f.tool = ANY(${tools}::text[]) AND f.state = 'OPEN'
      RETURNING f.id::text, f."repositoryId"::text AS "repositoryId"`);
    if (moved.length === 0) return 0;
    await tx.$executeRaw(Prisma.sql`
      INSERT INTO "FindingEvent" (id, "findingId", kind, at)
      SELECT gen_random_uuid(), id, 'NOT_SCANNED', now() FROM unnest(${moved.map((m) => m.id)}::uuid[]) AS id`);
    await recountFindings([...new Set(moved.map((m) => m.repositoryId))], tx);
    return moved.length;
  });
}
