"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { searchParamsRecord } from "@/components/common/url-query";
import { FINDING_TABS, type FindingTab } from "@/components/repository/findings-view";
import { RESOURCE_STATE_FILTERS, type RecommendationScopeQuery, type ResourceStateFilter } from "@/lib/schemas/recommendations";
import { normalizeScope, readScope } from "./scope";

/**
 * A recommendation's page keeps its view in the address: the subscription and
 * environment filters (pushed, so Back undoes them), and the resources' and findings'
 * tabs and pages and the finding open in the side panel (replaced, like the health
 * page's findings), so a view can be shared and survives a reload.
 */

export const DETAIL_PAGE_SIZE = 25;

export interface DetailView {
  scope: RecommendationScopeQuery;
  /** null: the default tab (Unhealthy when any resource is, else All). */
  resources: ResourceStateFilter | null;
  resourcesPage: number;
  findings: FindingTab;
  findingsPage: number;
  finding: string | null;
}

function pageOf(value: string | null): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}

export function readDetailView(params: URLSearchParams): DetailView {
  const finding = params.get("finding");
  return {
    scope: readScope(searchParamsRecord(params)),
    resources: RESOURCE_STATE_FILTERS.find((s) => s === params.get("resources")) ?? null,
    resourcesPage: pageOf(params.get("resourcesPage")),
    findings: FINDING_TABS.find((t) => t === params.get("findings")) ?? "open",
    findingsPage: pageOf(params.get("findingsPage")),
    finding: finding && /^[0-9a-f-]{36}$/i.test(finding) ? finding : null,
  };
}

function writeDetailView(view: DetailView, into: URLSearchParams): void {
  const set = (key: string, value: string | null) => (value ? into.set(key, value) : into.delete(key));
  set("subscription", view.scope.subscription?.join(",") || null);
  set("connector", view.scope.connector?.join(",") || null);
  set("resources", view.resources);
  set("resourcesPage", view.resourcesPage > 1 ? String(view.resourcesPage) : null);
  set("findings", view.findings === "open" ? null : view.findings);
  set("findingsPage", view.findingsPage > 1 ? String(view.findingsPage) : null);
  set("finding", view.finding);
}

export function useDetailView(): { view: DetailView; show: (next: DetailView) => void; narrow: (scope: RecommendationScopeQuery) => void } {
  const params = useSearchParams();
  const key = params.toString();
  const view = useMemo(() => readDetailView(new URLSearchParams(key)), [key]);
  const show = useCallback((next: DetailView) => {
    const url = new URL(window.location.href);
    writeDetailView(next, url.searchParams);
    window.history.replaceState(null, "", url);
  }, []);
  // Other subscriptions or environments are other resources and findings: back to the first pages.
  const narrow = useCallback(
    (scope: RecommendationScopeQuery) => {
      const url = new URL(window.location.href);
      writeDetailView({ ...view, scope: normalizeScope(scope), resourcesPage: 1, findingsPage: 1, finding: null }, url.searchParams);
      window.history.pushState(null, "", url);
    },
    [view],
  );
  return { view, show, narrow };
}
