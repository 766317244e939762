"use client";

import { Breadcrumb, BreadcrumbButton, BreadcrumbDivider, BreadcrumbItem, Button, Caption1, makeStyles, Spinner, Text, tokens } from "@fluentui/react-components";
import { FilterDismiss20Regular } from "@fluentui/react-icons";
import { useState, type ReactNode } from "react";
import { ProblemBar } from "@/components/common/ProblemBar";
import { useApiData } from "@/components/common/use-api-data";
import { ProviderIcon } from "@/components/environments/ProviderIcon";
import { FilterDropdown, type FilterOptions } from "@/components/inventory/InventoryFilters";
import { SeverityLabel } from "@/components/repository/finding-badges";
import { plural } from "@/components/repository/labels";
import { useSectionStyles } from "@/components/repository/section-styles";
import { RECOMMENDATION_KIND_LABELS, resourceTypeLabel } from "@/lib/recommendations/catalog";
import { PROVIDER_LABELS } from "@/lib/schemas/connectors";
import { FINDING_TYPE_LABELS } from "@/lib/schemas/findings";
import type { RecommendationDetail } from "@/lib/schemas/recommendations";
import { AffectedResources } from "./AffectedResources";
import { useDetailView } from "./detail-view";
import { AssessmentStateBadge } from "./recommendation-badges";
import { RecommendationFindings } from "./RecommendationFindings";
import { RecommendationNotFound } from "./RecommendationNotFound";
import { DEFAULT_RECOMMENDATION_QUERY, recommendationApiUrl, recommendationsHref } from "./recommendations-url";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: "16px", maxWidth: "1280px" },
  header: { display: "flex", flexDirection: "column", gap: "12px" },
  breadcrumb: { marginLeft: "-8px", marginBottom: "-4px" },
  current: { padding: "0 6px", fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2, overflowWrap: "anywhere" },
  titleRow: { display: "flex", alignItems: "flex-start", gap: "12px" },
  icon: { marginTop: "4px", flexShrink: 0 },
  titles: { display: "flex", flexDirection: "column", gap: "2px", minWidth: 0 },
  title: { margin: 0, overflowWrap: "anywhere" },
  subtitle: { color: tokens.colorNeutralForeground3 },
  filters: { display: "flex", flexWrap: "wrap", alignItems: "flex-end", gap: "8px 12px" },
  stats: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(128px, 1fr))",
    margin: 0,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  stat: {
    display: "flex",
    flexDirection: "column",
    gap: "6px",
    padding: "12px 16px",
    borderRight: `1px solid ${tokens.colorNeutralStroke2}`,
    ":last-child": { borderRight: "none" },
  },
  statTerm: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  statValue: { margin: 0, display: "flex", alignItems: "baseline", gap: "6px", minHeight: "28px" },
  big: { fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold, lineHeight: tokens.lineHeightBase600, fontVariantNumeric: "tabular-nums" },
  about: { display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(min(100%, 380px), 1fr))", gap: "16px 40px", alignItems: "start" },
  block: { display: "flex", flexDirection: "column", gap: "6px", minWidth: 0 },
  subheading: { margin: 0 },
  laterSubheading: { margin: "10px 0 0" },
  paragraph: { margin: 0, maxWidth: "72ch" },
  steps: { margin: 0, paddingLeft: "22px", display: "flex", flexDirection: "column", gap: "6px", maxWidth: "72ch" },
  loading: { display: "flex", justifyContent: "center", padding: "48px" },
});

function Stat({ term, children }: { term: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={styles.stat}>
      <dt className={styles.statTerm}>{term}</dt>
      <dd className={styles.statValue}>{children}</dd>
    </div>
  );
}

/**
 * One recommendation (seed 002: what it checks, why, how to fix it) with the resources it
 * judges and, for a findings recommendation, the findings behind it. Counts, resources
 * and findings are read again after every triage.
 */
export function RecommendationDetailView({ id, options, initial }: { id: string; options: FilterOptions; /** What the server read for the address it rendered. */ initial?: { url: string; data: RecommendationDetail } }) {
  const styles = useStyles();
  const section = useSectionStyles();
  const { view, show, narrow } = useDetailView();
  // Bumped after a triage: the counts, resources and findings are read again.
  const [version, setVersion] = useState(0);
  const { data: detail, problem, loading, retry } = useApiData<RecommendationDetail>(recommendationApiUrl(id, view.scope), { version, initial });

  if (problem?.status === 404) return <RecommendationNotFound />;
  if (!detail) {
    return (
      <div className={styles.page}>
        <ProblemBar problem={problem} />
        {problem ? (
          <div>
            <Button onClick={retry}>Try again</Button>
          </div>
        ) : (
          <div className={styles.loading}>{loading ? <Spinner label="Loading the recommendation" /> : null}</div>
        )}
      </div>
    );
  }

  const noun = resourceTypeLabel(detail.resourceType, detail.provider).toLowerCase();
  const nouns = resourceTypeLabel(detail.resourceType, detail.provider, true).toLowerCase();
  const scoped = Boolean(view.scope.subscription?.length || view.scope.connector?.length);
  const backToList = recommendationsHref({ ...DEFAULT_RECOMMENDATION_QUERY, ...view.scope });
  const changed = () => setVersion((v) => v + 1);

  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <Breadcrumb aria-label="Breadcrumb" size="small" className={styles.breadcrumb}>
          <BreadcrumbItem>
            <BreadcrumbButton href={backToList}>Recommendations</BreadcrumbButton>
          </BreadcrumbItem>
          <BreadcrumbDivider />
          <BreadcrumbItem>
            <span className={styles.current} aria-current="page">
              {detail.title}
            </span>
          </BreadcrumbItem>
        </Breadcrumb>
        <div className={styles.titleRow}>
          <ProviderIcon provider={detail.provider} size={32} labelled className={styles.icon} />
          <div className={styles.titles}>
            <Text as="h1" size={700} weight="semibold" className={styles.title}>
              {detail.title}
            </Text>
            <Text className={styles.subtitle}>
              {RECOMMENDATION_KIND_LABELS[detail.kind]} recommendation · {PROVIDER_LABELS[detail.provider]} {nouns}
              {detail.findingType ? ` · ${FINDING_TYPE_LABELS[detail.findingType]} findings` : ""}
            </Text>
          </div>
        </div>
        <div className={styles.filters} role="group" aria-label="Filters">
          <FilterDropdown
            label="Subscription"
            options={options.subscriptions.map((s) => ({ value: s.id, text: s.name }))}
            selected={view.scope.subscription ?? []}
            onChange={(subscription) => narrow({ ...view.scope, subscription })}
          />
          <FilterDropdown
            label="DevOps environment"
            options={options.connectors.map((c) => ({ value: c.id, text: c.name, icon: <ProviderIcon provider={c.provider} /> }))}
            selected={view.scope.connector ?? []}
            onChange={(connector) => narrow({ ...view.scope, connector })}
          />
          {scoped ? (
            <Button size="small" appearance="subtle" icon={<FilterDismiss20Regular />} onClick={() => narrow({})}>
              Clear filters
            </Button>
          ) : null}
        </div>
      </header>

      <ProblemBar problem={problem} />

      <dl className={styles.stats} aria-label="Summary">
        <Stat term="Severity">
          <SeverityLabel severity={detail.severity} />
        </Stat>
        <Stat term="State">
          <AssessmentStateBadge state={detail.state} />
        </Stat>
        <Stat term="Unhealthy resources">
          <span className={styles.big}>{detail.resources.unhealthy.toLocaleString("en-US")}</span>{" "}
          <Caption1 className={section.muted}>of {plural(detail.resources.total, noun, nouns)}</Caption1>
        </Stat>
        <Stat term="Exempt resources">
          <span className={styles.big}>{detail.resources.exempt.toLocaleString("en-US")}</span>
        </Stat>
        {detail.kind === "FINDINGS" ? (
          <Stat term="Open findings">
            <span className={styles.big}>{detail.openFindings.toLocaleString("en-US")}</span>
          </Stat>
        ) : null}
      </dl>

      <section className={section.section} aria-labelledby="about-heading">
        <Text as="h2" id="about-heading" size={500} weight="semibold" className={section.heading}>
          About this recommendation
        </Text>
        <div className={styles.about}>
          <div className={styles.block}>
            <Text as="h3" weight="semibold" className={styles.subheading}>
              Description
            </Text>
            <Text as="p" className={styles.paragraph}>
              {detail.description}
            </Text>
            {detail.severityRationale ? (
              <>
                <Text as="h3" weight="semibold" className={styles.laterSubheading}>
                  Why this severity
                </Text>
                <Text as="p" className={styles.paragraph}>
                  {detail.severityRationale}
                </Text>
              </>
            ) : null}
          </div>
          <div className={styles.block}>
            <Text as="h3" weight="semibold" className={styles.subheading}>
              Remediation steps
            </Text>
            <ol className={styles.steps}>
              {detail.remediation.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
          </div>
        </div>
      </section>

      <AffectedResources detail={detail} view={view} show={show} version={version} onChanged={changed} />
      {detail.kind === "FINDINGS" ? <RecommendationFindings detail={detail} view={view} show={show} version={version} onChanged={changed} /> : null}
    </div>
  );
}
