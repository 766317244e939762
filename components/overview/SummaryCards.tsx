"use client";

import { makeStyles, ProgressBar, Text, tokens } from "@fluentui/react-components";
import NextLink from "next/link";
import { ProviderIcon } from "@/components/environments/ProviderIcon";
import { SEVERITY_COLORS } from "@/components/repository/finding-badges";
import { PROVIDER_LABELS } from "@/lib/schemas/connectors";
import { FINDING_TYPE_KEYS, FINDING_TYPE_LABELS, SEVERITIES, SEVERITY_KEYS, SEVERITY_LABELS, type FindingTypeName } from "@/lib/schemas/findings";
import type { OverviewMetrics, OverviewQuery } from "@/lib/schemas/overview";
import { formatCount } from "./format";
import { HiddenText, NumberTile, OverviewCard, useCardStyles } from "./OverviewCard";
import { inventoryLink, recommendationsLink } from "./overview-url";

const useStyles = makeStyles({
  // Side by side only when each tile keeps room for "Dependency".
  groups: { display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(min(100%, 380px), 1fr))", gap: "12px 24px" },
  group: { display: "flex", flexDirection: "column", gap: "8px", minWidth: 0, margin: 0, padding: 0, border: "none" },
  groupTitle: { margin: 0, fontSize: tokens.fontSizeBase200, fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground2 },
  tiles: { display: "grid", gridTemplateColumns: "repeat(4, minmax(0, 1fr))", gap: "8px", margin: 0, padding: 0, listStyleType: "none" },
  posture: { display: "flex", flexDirection: "column", gap: "8px" },
  postureTiles: { display: "grid", gridTemplateColumns: "repeat(2, minmax(0, 1fr))", gap: "8px", margin: 0, padding: 0, listStyleType: "none" },
  coverage: { display: "flex", flexDirection: "column", gap: "14px", margin: 0, padding: 0, listStyleType: "none" },
  provider: { display: "flex", flexDirection: "column", gap: "4px" },
  providerRow: { display: "flex", alignItems: "center", gap: "8px" },
  providerName: { flexGrow: 1, fontWeight: tokens.fontWeightSemibold },
  ratio: { fontVariantNumeric: "tabular-nums", fontWeight: tokens.fontWeightSemibold },
  gap: { fontSize: tokens.fontSizeBase200 },
  nothing: { margin: 0, color: tokens.colorNeutralForeground3 },
});

/** The four finding types seed 002 counts (container findings only when there are some). */
const CARD_TYPES: FindingTypeName[] = ["CODE", "SECRETS", "DEPENDENCY", "IAC"];
const TYPE_COLOR = tokens.colorBrandStroke1;

type Scope = Pick<OverviewQuery, "subscription" | "connector">;

/** Seed 002's scan finding metrics: open findings by severity and by type, each a link to the repositories that have them. */
export function ScanFindingsCard({ metrics, scope, className }: { metrics: OverviewMetrics; scope: Scope; className?: string }) {
  const styles = useStyles();
  const { findings } = metrics;
  const types = findings.byType.container > 0 ? [...CARD_TYPES, "CONTAINER" as const] : CARD_TYPES;
  return (
    <OverviewCard id="scan-findings" title="Scan findings" subtitle={`${formatCount(findings.total)} open`} className={className}>
      <div className={styles.groups}>
        <div className={styles.group}>
          <h3 className={styles.groupTitle} id="by-severity">
            By severity
          </h3>
          <ul className={styles.tiles} aria-labelledby="by-severity">
            {SEVERITIES.map((s) => (
              <li key={s}>
                <NumberTile href={inventoryLink(scope, { severity: [s] })} value={findings.bySeverity[SEVERITY_KEYS[s]]} label={SEVERITY_LABELS[s]} hiddenSuffix="open findings" color={SEVERITY_COLORS[s]} />
              </li>
            ))}
          </ul>
        </div>
        <div className={styles.group}>
          <h3 className={styles.groupTitle} id="by-type">
            By type
          </h3>
          <ul className={styles.tiles} aria-labelledby="by-type" style={types.length > 4 ? { gridTemplateColumns: `repeat(${types.length}, minmax(0, 1fr))` } : undefined}>
            {types.map((t) => (
              <li key={t}>
                <NumberTile href={inventoryLink(scope, { findingType: [t] })} value={findings.byType[FINDING_TYPE_KEYS[t]]} label={t === "IAC" ? "IaC" : FINDING_TYPE_LABELS[t]} hiddenSuffix="open findings" color={TYPE_COLOR} />
              </li>
            ))}
          </ul>
        </div>
      </div>
    </OverviewCard>
  );
}

/** Seed 002's posture card: unhealthy posture recommendations, how many are High or Critical, and the resources they affect. */
export function PostureCard({ metrics, scope, className }: { metrics: OverviewMetrics; scope: Scope; className?: string }) {
  const styles = useStyles();
  const card = useCardStyles();
  const { posture } = metrics;
  const unhealthy = recommendationsLink(scope, { kind: ["POSTURE"], state: ["UNHEALTHY"] });
  return (
    <OverviewCard
      id="posture"
      title="Posture"
      subtitle={`${formatCount(posture.totalRecommendations)} recommendations assessed`}
      className={className}
      action={
        <NextLink href={recommendationsLink(scope, { kind: ["POSTURE"] })} prefetch={false} className={card.link}>
          All posture recommendations
        </NextLink>
      }
    >
      <div className={styles.posture}>
        <NumberTile href={unhealthy} value={posture.unhealthyRecommendations} label="Unhealthy recommendations" color={tokens.colorPaletteRedBorder2} />
        <ul className={styles.postureTiles}>
          <li>
            <NumberTile
              href={recommendationsLink(scope, { kind: ["POSTURE"], state: ["UNHEALTHY"], severity: ["HIGH", "CRITICAL"] })}
              value={posture.highSeverity}
              label="High or Critical"
              hiddenSuffix="unhealthy posture recommendations"
              color={SEVERITY_COLORS.HIGH}
            />
          </li>
          <li>
            <NumberTile href={unhealthy} value={posture.affectedResources} label="Affected resources" hiddenSuffix="of unhealthy posture recommendations" color={tokens.colorNeutralStroke1} />
          </li>
        </ul>
      </div>
    </OverviewCard>
  );
}

/** Seed 002's advanced security coverage: per DevOps environment type, repositories with advanced security on out of those onboarded. */
export function CoverageCard({ metrics, scope, className }: { metrics: OverviewMetrics; scope: Scope; className?: string }) {
  const styles = useStyles();
  const card = useCardStyles();
  const onboarded = metrics.coverage.filter((c) => c.total > 0);
  return (
    <OverviewCard id="coverage" title="Advanced security coverage" className={className}>
      {onboarded.length === 0 ? (
        <Text as="p" className={styles.nothing}>
          No repositories are onboarded in this view.
        </Text>
      ) : (
        <ul className={styles.coverage}>
          {onboarded.map((c) => {
            const label = PROVIDER_LABELS[c.provider];
            const uncovered = c.total - c.enabled;
            return (
              <li key={c.provider} className={styles.provider}>
                <span className={styles.providerRow}>
                  <ProviderIcon provider={c.provider} />
                  <span className={styles.providerName}>{label}</span>
                  <NextLink href={inventoryLink(scope, { provider: [c.provider] })} prefetch={false} className={card.link}>
                    <span className={styles.ratio}>
                      {formatCount(c.enabled)} / {formatCount(c.total)}
                    </span>
                    <HiddenText> {label} repositories have advanced security on</HiddenText>
                  </NextLink>
                </span>
                <ProgressBar value={c.enabled} max={c.total} thickness="large" color={c.enabled === c.total ? "success" : "brand"} aria-label={`${label} advanced security coverage`} aria-valuetext={`${Math.round((100 * c.enabled) / c.total)}%`} />
                {uncovered > 0 ? (
                  <NextLink href={inventoryLink(scope, { provider: [c.provider], advancedSecurity: ["OFF", "PARTIAL", "NOT_AVAILABLE"] })} prefetch={false} className={card.link}>
                    <span className={styles.gap}>
                      {formatCount(uncovered)} not covered<span className={card.muted}> in {label}</span>
                    </span>
                  </NextLink>
                ) : (
                  <span className={styles.gap}>Every {label} repository is covered</span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </OverviewCard>
  );
}
