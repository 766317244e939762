"use client";

import { Caption1, makeStyles, mergeClasses, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from "@fluentui/react-components";
import NextLink from "next/link";
import { ProviderIcon } from "@/components/environments/ProviderIcon";
import { SEVERITY_COLORS, SeverityLabel } from "@/components/repository/finding-badges";
import { PROVIDER_LABELS } from "@/lib/schemas/connectors";
import { SEVERITIES, SEVERITY_KEYS, SEVERITY_LABELS } from "@/lib/schemas/findings";
import { RISK_WEIGHTS, type OverviewMetrics } from "@/lib/schemas/overview";
import { describeDuration, formatCount, formatDuration } from "./format";
import { OverviewCard, useCardStyles } from "./OverviewCard";
import { repositoryLink } from "./overview-url";

const useStyles = makeStyles({
  table: { tableLayout: "auto" },
  wide: { tableLayout: "auto", minWidth: "640px" },
  scroll: { overflowX: "auto", minWidth: 0 },
  cell: { verticalAlign: "top", paddingTop: "6px", paddingBottom: "6px" },
  number: { fontVariantNumeric: "tabular-nums", textAlign: "right", whiteSpace: "nowrap" },
  rightHeader: { justifyContent: "flex-end", textAlign: "right" },
  duration: { fontVariantNumeric: "tabular-nums", fontWeight: tokens.fontWeightSemibold, whiteSpace: "nowrap" },
  stack: { display: "flex", flexDirection: "column", gap: "2px", minWidth: 0, overflowWrap: "anywhere" },
  repo: { display: "flex", alignItems: "flex-start", gap: "8px", minWidth: 0 },
  icon: { marginTop: "3px" },
  link: {
    color: tokens.colorBrandForegroundLink,
    textDecorationLine: "none",
    fontWeight: tokens.fontWeightSemibold,
    overflowWrap: "anywhere",
    ":hover": { color: tokens.colorBrandForegroundLinkHover, textDecorationLine: "underline" },
    ":focus-visible": { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: "1px", borderRadius: tokens.borderRadiusSmall },
  },
  muted: { color: tokens.colorNeutralForeground3 },
  split: { display: "flex", flexDirection: "column", gap: "4px", minWidth: "200px" },
  bar: { display: "flex", height: "8px", borderRadius: "4px", overflow: "hidden", backgroundColor: tokens.colorNeutralBackground4 },
  counts: { display: "flex", flexWrap: "wrap", gap: "2px 10px", fontSize: tokens.fontSizeBase200, fontVariantNumeric: "tabular-nums" },
  count: { display: "inline-flex", alignItems: "center", gap: "4px" },
  dot: { width: "8px", height: "8px", borderRadius: "50%", flexShrink: 0 },
  rank: { color: tokens.colorNeutralForeground3, fontVariantNumeric: "tabular-nums", width: "32px" },
  nothing: { margin: 0, color: tokens.colorNeutralForeground3 },
  score: { fontWeight: tokens.fontWeightSemibold },
});

/** Mean time from first seen to fixed, per severity (seed 002's remediation, as managers read it). */
export function RemediationCard({ remediation, className }: { remediation: OverviewMetrics["remediation"]; className?: string }) {
  const styles = useStyles();
  const card = useCardStyles();
  const bySeverity = new Map(remediation.map((r) => [r.severity, r]));
  return (
    <OverviewCard id="remediation" title="Mean time to remediate" className={className}>
      <Caption1 className={card.muted}>From first seen to fixed, over every finding a scan no longer reports.</Caption1>
      <Table size="small" className={styles.table} aria-label="Mean time to remediate by severity">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Severity</TableHeaderCell>
            <TableHeaderCell button={{ className: styles.rightHeader }}>Mean time</TableHeaderCell>
            <TableHeaderCell button={{ className: styles.rightHeader }}>Fixed</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {SEVERITIES.map((s) => {
            const r = bySeverity.get(s);
            const seconds = r?.meanSeconds ?? null;
            return (
              <TableRow key={s}>
                <TableCell>
                  <SeverityLabel severity={s} />
                </TableCell>
                <TableCell className={styles.number}>
                  <span className={styles.duration} title={describeDuration(seconds)}>
                    {formatDuration(seconds)}
                  </span>
                </TableCell>
                <TableCell className={styles.number}>{formatCount(r?.fixed ?? 0)}</TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </OverviewCard>
  );
}

type TopRepository = OverviewMetrics["topRepositories"][number];

function SeveritySplit({ r }: { r: TopRepository }) {
  const styles = useStyles();
  const open = SEVERITIES.reduce((sum, s) => sum + r.bySeverity[SEVERITY_KEYS[s]], 0);
  return (
    <span className={styles.split}>
      <span className={styles.bar} aria-hidden>
        {SEVERITIES.map((s) => {
          const n = r.bySeverity[SEVERITY_KEYS[s]];
          return n > 0 ? <span key={s} style={{ width: `${(100 * n) / open}%`, backgroundColor: SEVERITY_COLORS[s] }} /> : null;
        })}
      </span>
      <span className={styles.counts}>
        {SEVERITIES.map((s) => (
          <span key={s} className={styles.count}>
            <span className={styles.dot} style={{ backgroundColor: SEVERITY_COLORS[s] }} aria-hidden />
            {formatCount(r.bySeverity[SEVERITY_KEYS[s]])} {SEVERITY_LABELS[s].toLowerCase()}
          </span>
        ))}
      </span>
    </span>
  );
}

const WEIGHTS = SEVERITIES.map((s) => `${SEVERITY_LABELS[s].toLowerCase()} × ${RISK_WEIGHTS[s]}`).join(" + ");

/** The ten repositories with the highest weighted risk, each a link to its health page. */
export function TopRepositoriesCard({ repositories, className }: { repositories: OverviewMetrics["topRepositories"]; className?: string }) {
  const styles = useStyles();
  const card = useCardStyles();
  return (
    <OverviewCard id="top-repositories" title="Top 10 repositories by risk" subtitle={`Risk score: open findings weighted ${WEIGHTS}`} className={className}>
      {repositories.length === 0 ? (
        <Text as="p" className={styles.nothing}>
          No repository in this view has open findings.
        </Text>
      ) : (
        <div className={styles.scroll}>
          <Table size="small" className={styles.wide} aria-label="Top 10 repositories by risk">
            <TableHeader>
              <TableRow>
                <TableHeaderCell className={styles.rank}>#</TableHeaderCell>
                <TableHeaderCell>Repository</TableHeaderCell>
                <TableHeaderCell>DevOps environment</TableHeaderCell>
                <TableHeaderCell button={{ className: styles.rightHeader }}>Risk score</TableHeaderCell>
                <TableHeaderCell>Open findings by severity</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {repositories.map((r, i) => (
                <TableRow key={r.id}>
                  <TableCell className={mergeClasses(styles.cell, styles.rank)}>{i + 1}</TableCell>
                  <TableCell className={styles.cell}>
                    <span className={styles.repo}>
                      <ProviderIcon provider={r.provider} labelled className={styles.icon} />
                      <span className={styles.stack}>
                        <NextLink href={repositoryLink(r.id)} prefetch={false} className={styles.link}>
                          {r.name}
                        </NextLink>
                        <Caption1 className={card.muted}>{r.fullName}</Caption1>
                      </span>
                    </span>
                  </TableCell>
                  <TableCell className={styles.cell}>
                    <span className={styles.stack}>
                      <span>{r.connector.name}</span>
                      <Caption1 className={card.muted}>{PROVIDER_LABELS[r.provider]}</Caption1>
                    </span>
                  </TableCell>
                  <TableCell className={mergeClasses(styles.cell, styles.number, styles.score)}>{formatCount(r.riskScore)}</TableCell>
                  <TableCell className={styles.cell}>
                    <SeveritySplit r={r} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </OverviewCard>
  );
}
