"use client";

import { useSearchParams } from "next/navigation";
import { useCallback } from "react";
import { FINDINGS_PAGE_SIZES, type FindingListQueryInput } from "@/lib/schemas/finding-triage";
import { FINDING_TYPES, SEVERITIES, type FindingTypeName, type SeverityName } from "@/lib/schemas/findings";

/**
 * The findings grid's view (tab, filters, page, the finding opened in the side panel),
 * kept in the page's address so that a view can be shared and survives a reload. Changes
 * replace the address through the History API, which Next's router follows without
 * rendering the page on the server again.
 */

export const FINDING_TABS = ["open", "dismissed", "fixed", "all"] as const;
export type FindingTab = (typeof FINDING_TABS)[number];
export const FINDING_TAB_LABELS: Record<FindingTab, string> = { open: "Open", dismissed: "Dismissed", fixed: "Fixed", all: "All" };

export interface FindingsView {
  tab: FindingTab;
  severity: SeverityName[];
  type: FindingTypeName[];
  tool: string | null;
  page: number;
  size: number;
  /** The finding open in the side panel. */
  finding: string | null;
}

const DEFAULT_SIZE = 25;

function listOf<T extends string>(value: string | null, allowed: readonly T[]): T[] {
  return (value ?? "").split(",").filter((v): v is T => (allowed as readonly string[]).includes(v));
}

export function readFindingsView(params: URLSearchParams): FindingsView {
  const tab = FINDING_TABS.find((t) => t === params.get("findings")) ?? "open";
  const page = Number(params.get("findingsPage"));
  const size = Number(params.get("findingsSize"));
  const finding = params.get("finding");
  return {
    tab,
    severity: listOf(params.get("severity"), SEVERITIES),
    type: listOf(params.get("type"), FINDING_TYPES),
    tool: params.get("tool")?.slice(0, 200) || null,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    size: (FINDINGS_PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_SIZE,
    finding: finding && /^[0-9a-f-]{36}$/i.test(finding) ? finding : null,
  };
}

function writeParams(view: FindingsView, into: URLSearchParams): void {
  const set = (key: string, value: string | null) => (value ? into.set(key, value) : into.delete(key));
  set("findings", view.tab === "open" ? null : view.tab);
  set("severity", view.severity.join(","));
  set("type", view.type.join(","));
  set("tool", view.tool);
  set("findingsPage", view.page > 1 ? String(view.page) : null);
  set("findingsSize", view.size !== DEFAULT_SIZE ? String(view.size) : null);
  set("finding", view.finding);
}

/** The query of GET /api/v1/repositories/{id}/findings for a view. */
export function findingsQuery(view: FindingsView): URLSearchParams {
  const query: Record<keyof FindingListQueryInput, string | undefined> = {
    state: view.tab,
    severity: view.severity.join(",") || undefined,
    type: view.type.join(",") || undefined,
    tool: view.tool ?? undefined,
    limit: String(view.size),
    offset: String((view.page - 1) * view.size),
  };
  return new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined));
}

export function useFindingsView(): [FindingsView, (next: FindingsView) => void] {
  const params = useSearchParams();
  const view = readFindingsView(new URLSearchParams(params.toString()));
  const show = useCallback((next: FindingsView) => {
    const url = new URL(window.location.href);
    writeParams(next, url.searchParams);
    window.history.replaceState(null, "", url);
  }, []);
  return [view, show];
}
