import type { ScannerList } from "@/lib/schemas/scans";
import { route } from "@/lib/server/api/route";
import { scannerAvailability } from "@/lib/server/scanners/availability";
import { SCANNER_CATALOG } from "@/lib/server/scanners/catalog";

/** The scanners agentless scanning can run on this server: installed or not (and how to install), and their versions. */
export const GET = route({
  permission: "workspace.read",
  async handler(): Promise<ScannerList> {
    const found = await scannerAvailability();
    return { items: found.map((s) => ({ id: s.id, label: s.label, looksAt: SCANNER_CATALOG[s.id].looksAt, installed: s.installed, version: s.version, reason: s.reason ?? null })) };
  },
});
