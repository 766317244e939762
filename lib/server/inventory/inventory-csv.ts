import "server-only";
import { stringify } from "csv-stringify/sync";
import { PROVIDER_LABELS } from "@/lib/schemas/connectors";
import { ADVANCED_SECURITY_LABELS, PR_ANNOTATION_LABELS, RESOURCE_TYPE_LABELS, type InventoryQuery, type RepositoryRow } from "@/lib/schemas/inventory";
import type { Caller } from "../authz/caller";
import { inventoryRows } from "./inventory-service";

const COLUMNS: [string, (r: RepositoryRow) => string | number][] = [
  ["Name", (r) => r.name],
  ["Full name", (r) => r.fullName],
  ["DevOps environment", (r) => PROVIDER_LABELS[r.provider]],
  ["Connector", (r) => r.connector.name],
  ["Resource type", (r) => RESOURCE_TYPE_LABELS[r.provider]],
  ["Subscription", (r) => r.subscription.name],
  ["Resource group", (r) => r.resourceGroup.name],
  ["Organization", (r) => r.organization],
  ["Project or group", (r) => r.projectPath ?? ""],
  ["Advanced security status", (r) => ADVANCED_SECURITY_LABELS[r.advancedSecurity]],
  ["Advanced security features off", (r) => r.advancedSecurityOff.join("; ")],
  ["Pull request annotation status", (r) => PR_ANNOTATION_LABELS[r.prAnnotations]],
  ["Open findings", (r) => r.findings.total],
  ["Critical", (r) => r.findings.bySeverity.critical],
  ["High", (r) => r.findings.bySeverity.high],
  ["Medium", (r) => r.findings.bySeverity.medium],
  ["Low", (r) => r.findings.bySeverity.low],
  ["Code findings", (r) => r.findings.byType.code],
  ["Secrets findings", (r) => r.findings.byType.secrets],
  ["Dependency findings", (r) => r.findings.byType.dependency],
  ["Infrastructure as code findings", (r) => r.findings.byType.iac],
  ["Container findings", (r) => r.findings.byType.container],
  ["Visibility", (r) => r.visibility],
  ["Archived", (r) => (r.archived ? "yes" : "no")],
  ["Default branch", (r) => r.defaultBranch ?? ""],
  ["Last push", (r) => r.lastPushAt ?? ""],
  ["Last scan", (r) => r.lastScanAt ?? ""],
  ["Removed", (r) => r.removedAt ?? ""],
  ["URL", (r) => r.url],
];

/** A spreadsheet must not run what a repository name says: cells starting like a formula are quoted as text. */
function cell(value: string | number): string | number {
  return typeof value === "string" && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The CSV as a stream, written a batch at a time: memory stays flat whatever the row count. */
export function inventoryCsv(caller: Caller, query: Omit<InventoryQuery, "cursor" | "limit">): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const rows = inventoryRows(caller, query);
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(`\uFEFF${stringify([COLUMNS.map(([title]) => title)])}`));
        return;
      }
      const batch: (string | number)[][] = [];
      for (let i = 0; i < 500; i++) {
        const next = await rows.next();
        if (next.done) break;
        batch.push(COLUMNS.map(([, value]) => cell(value(next.value))));
      }
      if (batch.length) controller.enqueue(encoder.encode(stringify(batch)));
      if (batch.length < 500) controller.close();
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
}
