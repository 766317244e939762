"use client";

import { Button, Caption1, makeStyles, mergeClasses, MessageBar, MessageBarBody, MessageBarTitle, Spinner, tokens } from "@fluentui/react-components";
import { FilterDismiss20Regular } from "@fluentui/react-icons";
import { useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { ProblemBar } from "@/components/common/ProblemBar";
import { searchParamsRecord } from "@/components/common/url-query";
import { useApiData } from "@/components/common/use-api-data";
import { ProviderIcon } from "@/components/environments/ProviderIcon";
import { FilterDropdown, type FilterOptions } from "@/components/inventory/InventoryFilters";
import { plural } from "@/components/repository/labels";
import type { OverviewMetrics, OverviewQuery } from "@/lib/schemas/overview";
import { hasOverviewFilters, overviewApiUrl, overviewHref, readOverviewQuery } from "./overview-url";
import { RemediationCard, TopRepositoriesCard } from "./RemediationCards";
import { CoverageCard, PostureCard, ScanFindingsCard } from "./SummaryCards";
import { TrendCard } from "./TrendCard";

const NARROW = "@media (max-width: 1279px)";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: "16px" },
  bar: { display: "flex", flexWrap: "wrap", alignItems: "flex-end", gap: "8px 12px" },
  spacer: { flexGrow: 1 },
  status: { color: tokens.colorNeutralForeground3, display: "flex", alignItems: "center", gap: "8px", paddingBottom: "6px" },
  grid: {
    display: "grid",
    gridTemplateColumns: "repeat(12, minmax(0, 1fr))",
    gap: "16px",
    alignItems: "stretch",
    transitionProperty: "opacity",
    transitionDuration: tokens.durationNormal,
  },
  busy: { opacity: 0.55 },
  findings: { gridColumn: "span 6", [NARROW]: { gridColumn: "span 12" } },
  posture: { gridColumn: "span 3", [NARROW]: { gridColumn: "span 6" } },
  coverage: { gridColumn: "span 3", [NARROW]: { gridColumn: "span 6" } },
  trend: { gridColumn: "span 8", [NARROW]: { gridColumn: "span 12" } },
  remediation: { gridColumn: "span 4", [NARROW]: { gridColumn: "span 12" } },
  top: { gridColumn: "span 12" },
  loading: { display: "flex", justifyContent: "center", padding: "64px" },
  problems: { margin: "4px 0 0", paddingLeft: "20px" },
});

function useOverviewQuery(): { query: OverviewQuery; problems: string[]; go: (next: OverviewQuery) => void } {
  const params = useSearchParams();
  const key = params.toString();
  const { query, problems } = useMemo(() => readOverviewQuery(searchParamsRecord(new URLSearchParams(key))), [key]);
  const go = (next: OverviewQuery) => window.history.pushState(null, "", overviewHref(next));
  return { query, problems, go };
}

/**
 * The overview managers read (seed 002's cards, with trend, remediation time and the
 * riskiest repositories), narrowed by subscription and DevOps environment. Filters and the
 * trend window live in the URL; every number links to the rows behind it.
 */
export function OverviewDashboard({ options, initial }: { options: FilterOptions; /** What the server read for the address it rendered. */ initial?: { url: string; data: OverviewMetrics } }) {
  const styles = useStyles();
  const { query, problems, go } = useOverviewQuery();
  const { data: metrics, stale, problem, loading, retry } = useApiData<OverviewMetrics>(overviewApiUrl(query), { initial });
  const scope = { subscription: query.subscription, connector: query.connector };

  return (
    <div className={styles.page}>
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
      <div className={styles.bar} role="group" aria-label="Filters">
        <FilterDropdown
          label="Subscription"
          options={options.subscriptions.map((s) => ({ value: s.id, text: s.name }))}
          selected={query.subscription ?? []}
          onChange={(subscription) => go({ ...query, subscription: subscription.length ? subscription : undefined })}
        />
        <FilterDropdown
          label="DevOps environment"
          options={options.connectors.map((c) => ({ value: c.id, text: c.name, icon: <ProviderIcon provider={c.provider} /> }))}
          selected={query.connector ?? []}
          onChange={(connector) => go({ ...query, connector: connector.length ? connector : undefined })}
        />
        {hasOverviewFilters(query) ? (
          <Button size="small" appearance="subtle" icon={<FilterDismiss20Regular />} onClick={() => go({ days: query.days })}>
            Clear filters
          </Button>
        ) : null}
        <div className={styles.spacer} />
        <Caption1 className={styles.status} aria-live="polite">
          {stale ? <Spinner size="extra-tiny" aria-label="Loading" /> : null}
          {metrics ? `${plural(metrics.connectors, "DevOps environment")} · ${plural(metrics.repositories, "repository", "repositories")}` : ""}
        </Caption1>
      </div>
      <ProblemBar problem={problem} />
      {problem ? (
        <div>
          <Button size="small" onClick={retry}>
            Try again
          </Button>
        </div>
      ) : null}
      {metrics ? (
        <div className={mergeClasses(styles.grid, stale && styles.busy)} aria-busy={loading}>
          <ScanFindingsCard metrics={metrics} scope={scope} className={styles.findings} />
          <PostureCard metrics={metrics} scope={scope} className={styles.posture} />
          <CoverageCard metrics={metrics} scope={scope} className={styles.coverage} />
          <TrendCard trend={metrics.trend} days={query.days} onDays={(days) => go({ ...query, days })} className={styles.trend} />
          <RemediationCard remediation={metrics.remediation} className={styles.remediation} />
          <TopRepositoriesCard repositories={metrics.topRepositories} className={styles.top} />
        </div>
      ) : loading ? (
        <div className={styles.loading}>
          <Spinner label="Loading the overview" />
        </div>
      ) : null}
    </div>
  );
}
