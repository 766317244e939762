"use client";

import { Button, Caption1, makeStyles, mergeClasses, MessageBar, MessageBarBody, MessageBarTitle, SearchBox, Spinner, Text, tokens } from "@fluentui/react-components";
import { ArrowDownload20Regular, FilterDismiss20Regular } from "@fluentui/react-icons";
import { useSearchParams } from "next/navigation";
import { useEffect, useEffectEvent, useMemo, useState, type ReactNode } from "react";
import { usePanelStyles } from "@/components/common/panel-styles";
import { ProblemBar } from "@/components/common/ProblemBar";
import { searchParamsRecord } from "@/components/common/url-query";
import { useApiData } from "@/components/common/use-api-data";
import { ProviderIcon } from "@/components/environments/ProviderIcon";
import { FilterDropdown, type FilterOptions } from "@/components/inventory/InventoryFilters";
import { plural } from "@/components/repository/labels";
import { ASSESSMENT_STATE_LABELS, ASSESSMENT_STATES, RECOMMENDATION_KIND_LABELS, RECOMMENDATION_KINDS } from "@/lib/recommendations/catalog";
import { PROVIDER_LABELS, PROVIDERS } from "@/lib/schemas/connectors";
import { SEVERITIES, SEVERITY_LABELS } from "@/lib/schemas/findings";
import type { RecommendationList, RecommendationListQuery, RecommendationSort } from "@/lib/schemas/recommendations";
import {
  DEFAULT_RECOMMENDATION_QUERY,
  effectiveDirection,
  hasRecommendationFilters,
  readRecommendationsQuery,
  recommendationsApiUrl,
  recommendationsExportHref,
  recommendationsHref,
  RECOMMENDATION_LIST_FILTERS,
} from "./recommendations-url";
import { RecommendationsTable } from "./RecommendationsTable";

const useStyles = makeStyles({
  toolbar: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: "8px", padding: "8px 12px", borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  search: { width: "320px", maxWidth: "100%" },
  spacer: { flexGrow: 1 },
  filters: { display: "flex", flexWrap: "wrap", alignItems: "flex-end", gap: "8px 12px", padding: "8px 12px 12px", borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  tableArea: { overflowX: "auto", transitionProperty: "opacity", transitionDuration: tokens.durationNormal },
  busy: { opacity: 0.55 },
  empty: { display: "flex", flexDirection: "column", alignItems: "center", textAlign: "center", gap: "8px", padding: "48px 24px" },
  emptyTitle: { margin: 0 },
  emptyText: { margin: 0, maxWidth: "540px", color: tokens.colorNeutralForeground2 },
  loading: { display: "flex", justifyContent: "center", padding: "48px" },
  problems: { margin: "4px 0 0", paddingLeft: "20px" },
});

type FilterKey = (typeof RECOMMENDATION_LIST_FILTERS)[number];

/** Reads the list's query from the address; a change pushes a new entry, so Back and Forward step through views. */
function useRecommendationsQuery(): { query: RecommendationListQuery; problems: string[]; go: (next: RecommendationListQuery) => void } {
  const params = useSearchParams();
  const key = params.toString();
  const { query, problems } = useMemo(() => readRecommendationsQuery(searchParamsRecord(new URLSearchParams(key))), [key]);
  const go = (next: RecommendationListQuery) => window.history.pushState(null, "", recommendationsHref(next));
  return { query, problems, go };
}

/**
 * The recommendations in view (seed 002's posture and findings recommendations): search,
 * filters and sort in the URL, the rows from GET /api/v1/recommendations, and the same
 * query as a CSV export.
 */
export function RecommendationsList({ options, initial }: { options: FilterOptions; /** What the server read for the address it rendered. */ initial?: { url: string; data: RecommendationList } }) {
  const styles = useStyles();
  const panel = usePanelStyles();
  const { query, problems, go } = useRecommendationsQuery();
  // The last list stays on screen (dimmed) while the next one loads.
  const { data: list, stale, problem, loading, retry } = useApiData<RecommendationList>(recommendationsApiUrl(query), { initial });

  // The search box sends what is typed 300 ms after the last keystroke. A search put in
  // the address some other way (Back, a link) replaces the text.
  const [text, setText] = useState(query.q ?? "");
  const [sentQ, setSentQ] = useState(query.q);
  const [urlQ, setUrlQ] = useState(query.q);
  if (query.q !== urlQ) {
    setUrlQ(query.q);
    if (query.q !== sentQ) {
      setSentQ(query.q);
      setText(query.q ?? "");
    }
  }
  function search(value: string) {
    const q = value.trim() || undefined;
    if (q === sentQ) return;
    setSentQ(q);
    go({ ...query, q });
  }
  const searchLater = useEffectEvent(search);
  useEffect(() => {
    const timer = setTimeout(() => searchLater(text), 300);
    return () => clearTimeout(timer);
  }, [text]);

  function filter<K extends FilterKey>(key: K, values: NonNullable<RecommendationListQuery[K]>) {
    const next = { ...query, [key]: values.length ? values : undefined };
    go(next);
  }

  function clear() {
    setText("");
    setSentQ(undefined);
    go({ ...DEFAULT_RECOMMENDATION_QUERY, sort: query.sort, dir: query.dir });
  }

  function sortBy(sort: RecommendationSort, dir: "asc" | "desc") {
    go({ ...query, sort, dir });
  }

  const filtered = hasRecommendationFilters(query);
  const scope = useMemo(() => ({ subscription: query.subscription, connector: query.connector }), [query.subscription, query.connector]);

  let body: ReactNode;
  if (!list) {
    body = loading ? (
      <div className={styles.loading}>
        <Spinner size="small" label="Loading recommendations" />
      </div>
    ) : null;
  } else if (list.items.length > 0) {
    body = <RecommendationsTable rows={list.items} sort={query.sort} dir={effectiveDirection(query)} scope={scope} onSort={sortBy} />;
  } else if (filtered) {
    body = (
      <section className={styles.empty} aria-label="No recommendations match these filters">
        <Text as="h2" size={400} weight="semibold" className={styles.emptyTitle}>
          No recommendations match these filters
        </Text>
        <Text as="p" className={styles.emptyText}>
          Try another search or fewer filters.
        </Text>
        <Button appearance="primary" icon={<FilterDismiss20Regular />} onClick={clear}>
          Clear filters
        </Button>
      </section>
    );
  } else {
    body = (
      <section className={styles.empty} aria-label="No recommendations yet">
        <Text as="h2" size={400} weight="semibold" className={styles.emptyTitle}>
          No recommendations yet
        </Text>
        <Text as="p" className={styles.emptyText}>
          Recommendations are evaluated for the repositories and settings discovery reads, and for the findings scans report.
          They appear here after the first discovery of an environment.
        </Text>
      </section>
    );
  }

  return (
    <div className={panel.stack}>
      {problems.length > 0 ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Some settings in this address could not be used</MessageBarTitle>
            The defaults are shown instead.
            <ul className={styles.problems}>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <ProblemBar problem={problem} />
      {problem ? (
        <div>
          <Button size="small" onClick={retry}>
            Try again
          </Button>
        </div>
      ) : null}
      <div className={panel.panel}>
        <div className={styles.toolbar}>
          <SearchBox
            size="small"
            className={styles.search}
            aria-label="Search recommendations"
            placeholder="Search by title"
            value={text}
            onChange={(_, d) => setText(d.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") search(text);
            }}
          />
          <Button as="a" size="small" appearance="subtle" icon={<ArrowDownload20Regular />} href={recommendationsExportHref(query)} download>
            Export CSV
          </Button>
          <div className={styles.spacer} />
          <Caption1 className={panel.count} aria-live="polite">
            {stale ? <Spinner size="extra-tiny" aria-label="Loading" /> : null}
            {list ? plural(list.total, "recommendation") : ""}
          </Caption1>
        </div>
        <div className={styles.filters} role="group" aria-label="Filters">
          <FilterDropdown label="Severity" options={SEVERITIES.map((s) => ({ value: s, text: SEVERITY_LABELS[s] }))} selected={query.severity ?? []} onChange={(v) => filter("severity", v)} />
          <FilterDropdown
            label="DevOps environment"
            options={options.connectors.map((c) => ({ value: c.id, text: c.name, icon: <ProviderIcon provider={c.provider} /> }))}
            selected={query.connector ?? []}
            onChange={(v) => filter("connector", v)}
          />
          <FilterDropdown label="Subscription" options={options.subscriptions.map((s) => ({ value: s.id, text: s.name }))} selected={query.subscription ?? []} onChange={(v) => filter("subscription", v)} />
          <FilterDropdown label="State" options={ASSESSMENT_STATES.map((s) => ({ value: s, text: ASSESSMENT_STATE_LABELS[s] }))} selected={query.state ?? []} onChange={(v) => filter("state", v)} />
          <FilterDropdown label="Type" options={RECOMMENDATION_KINDS.map((k) => ({ value: k, text: RECOMMENDATION_KIND_LABELS[k] }))} selected={query.kind ?? []} onChange={(v) => filter("kind", v)} />
          <FilterDropdown
            label="Provider"
            options={PROVIDERS.map((p) => ({ value: p, text: PROVIDER_LABELS[p], icon: <ProviderIcon provider={p} /> }))}
            selected={query.provider ?? []}
            onChange={(v) => filter("provider", v)}
          />
          {list && list.items.length > 0 ? (
            <Button size="small" appearance="subtle" icon={<FilterDismiss20Regular />} disabled={!filtered} onClick={clear}>
              Clear filters
            </Button>
          ) : null}
        </div>
        <div className={mergeClasses(styles.tableArea, stale && styles.busy)} aria-busy={loading}>
          {body}
        </div>
      </div>
    </div>
  );
}
