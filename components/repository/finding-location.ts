import type { FindingListItem } from "@/lib/schemas/finding-triage";

/** "src/app.js:12", "src/app.js:12–14", or the path alone; null without a path. */
export function fileLabel(f: Pick<FindingListItem, "path" | "startLine" | "endLine">): string | null {
  if (!f.path) return null;
  if (f.startLine === null) return f.path;
  return f.endLine !== null && f.endLine > f.startLine ? `${f.path}:${f.startLine}–${f.endLine}` : `${f.path}:${f.startLine}`;
}
