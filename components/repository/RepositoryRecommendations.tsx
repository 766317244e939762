"use client";

import { Badge, Caption1, makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens, type BadgeProps } from "@fluentui/react-components";
import Link from "next/link";
import { ASSESSMENT_STATE_LABELS, type AssessmentStateName } from "@/lib/recommendations/catalog";
import { SEVERITY_LABELS, type SeverityName } from "@/lib/schemas/findings";
import type { RepositoryHealth } from "@/lib/schemas/repository-health";
import { plural, PROVIDER_NOUNS } from "./labels";
import { useSectionStyles } from "./section-styles";

const useStyles = makeStyles({
  table: { tableLayout: "auto" },
  cell: { verticalAlign: "top", paddingTop: "8px", paddingBottom: "8px" },
  title: { display: "flex", flexDirection: "column", gap: "2px", minWidth: 0 },
  description: { color: tokens.colorNeutralForeground3 },
  link: { color: tokens.colorBrandForegroundLink, textDecorationLine: "none", ":hover": { textDecorationLine: "underline" } },
  severityCol: { width: "88px" },
  countCol: { width: "72px" },
  statusCol: { width: "120px" },
});

const STATE_COLOR: Record<AssessmentStateName, BadgeProps["color"]> = { UNHEALTHY: "danger", HEALTHY: "success", NOT_APPLICABLE: "subtle", EXEMPT: "informative" };

const SEVERITY_BADGE: Record<SeverityName, BadgeProps["color"]> = { CRITICAL: "danger", HIGH: "danger", MEDIUM: "warning", LOW: "informative" };

/** The recommendations that judge this repository (its findings and its settings), with each one's state and why. */
export function RepositoryRecommendations({ health }: { health: RepositoryHealth }) {
  const section = useSectionStyles();
  const styles = useStyles();
  const kind = PROVIDER_NOUNS[health.provider].kind.toLowerCase();
  const unhealthy = health.recommendations.filter((r) => r.state === "UNHEALTHY").length;
  return (
    <section className={section.section} aria-labelledby="recommendations-heading">
      <div className={section.headingRow}>
        <Text as="h2" id="recommendations-heading" size={500} weight="semibold" className={section.heading}>
          Recommendations
        </Text>
        <Caption1 className={section.muted}>{unhealthy ? `${plural(unhealthy, "recommendation")} to act on` : "Nothing to act on"}</Caption1>
      </div>
      <Text as="p" className={section.intro}>
        The recommendations for {PROVIDER_NOUNS[health.provider].repositories}, judged by this {kind}&apos;s open findings and by the settings
        discovery reads.{health.lastScanAt ? null : " Until a scan or an upload reports on it, its findings recommendations are not applicable."}
      </Text>
      <div className={section.scroll}>
        <Table size="small" className={styles.table} aria-label="Recommendations">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Recommendation</TableHeaderCell>
              <TableHeaderCell className={styles.severityCol}>Severity</TableHeaderCell>
              <TableHeaderCell className={styles.countCol}>
                <span title="Open findings">Open</span>
              </TableHeaderCell>
              <TableHeaderCell className={styles.statusCol}>State</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {health.recommendations.map((r) => (
              <TableRow key={r.id}>
                <TableCell className={styles.cell}>
                  <span className={styles.title}>
                    <Link href={`/recommendations/${encodeURIComponent(r.id)}`} className={styles.link}>
                      <Text weight={r.state === "UNHEALTHY" ? "semibold" : "regular"}>{r.title}</Text>
                    </Link>
                    <Caption1 className={styles.description}>{r.reason}</Caption1>
                  </span>
                </TableCell>
                <TableCell className={styles.cell}>
                  <Badge appearance="outline" color={SEVERITY_BADGE[r.severity]}>
                    {SEVERITY_LABELS[r.severity]}
                  </Badge>
                </TableCell>
                <TableCell className={`${styles.cell} ${section.number}`}>{r.openFindings.toLocaleString("en-US")}</TableCell>
                <TableCell className={styles.cell}>
                  <Badge appearance="tint" color={STATE_COLOR[r.state]}>
                    {ASSESSMENT_STATE_LABELS[r.state]}
                  </Badge>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      {health.findings.byType.CONTAINER > 0 ? (
        <Caption1 className={section.muted}>
          {plural(health.findings.byType.CONTAINER, "container image finding")} {health.findings.byType.CONTAINER === 1 ? "is" : "are"} counted above; container images get their recommendations where they are stored, not on the repository.
        </Caption1>
      ) : null}
    </section>
  );
}
