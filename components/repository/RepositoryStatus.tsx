"use client";

import { Badge, Caption1, makeStyles, Text, tokens, type BadgeProps } from "@fluentui/react-components";
import type { ReactNode } from "react";
import { LocalTime } from "@/components/common/LocalTime";
import { AdvancedSecurityBadge, PrAnnotationBadge } from "@/components/inventory/StatusBadges";
import { PROVIDER_LABELS } from "@/lib/schemas/connectors";
import { FINDING_TYPE_LABELS, SEVERITY_LABELS } from "@/lib/schemas/findings";
import type { RepositoryHealth } from "@/lib/schemas/repository-health";
import { PROVIDER_NOUNS } from "./labels";
import { useSectionStyles } from "./section-styles";

const useStyles = makeStyles({
  tiles: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fill, minmax(min(100%, 228px), 1fr))",
    gap: "12px",
    margin: 0,
    padding: 0,
    listStyleType: "none",
  },
  tile: {
    display: "flex",
    flexDirection: "column",
    alignItems: "flex-start",
    gap: "6px",
    padding: "12px 14px",
    minWidth: 0,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  label: { color: tokens.colorNeutralForeground2, fontWeight: tokens.fontWeightSemibold },
  detail: { color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
});

function Tile({ label, badge, children }: { label: string; badge: ReactNode; children?: ReactNode }) {
  const styles = useStyles();
  return (
    <li className={styles.tile}>
      <Caption1 className={styles.label}>{label}</Caption1>
      {badge}
      {children ? <Caption1 className={styles.detail}>{children}</Caption1> : null}
    </li>
  );
}

function StatusBadge({ color, children }: { color: BadgeProps["color"]; children: ReactNode }) {
  return (
    <Badge appearance="tint" color={color}>
      {children}
    </Badge>
  );
}

const VISIBILITY: Record<RepositoryHealth["visibility"], { label: string; color: BadgeProps["color"]; detail: string }> = {
  public: { label: "Public", color: "warning", detail: "Anyone can read its code." },
  internal: { label: "Internal", color: "informative", detail: "Everyone in the enterprise or instance can read its code." },
  private: { label: "Private", color: "informative", detail: "Only people given access can read its code." },
};

function advancedSecurityDetail(health: RepositoryHealth): ReactNode {
  const { status, off } = health.advancedSecurity;
  switch (status) {
    case "ON":
      return "Every advanced security feature is on.";
    case "OFF":
      return off.length ? `Off: ${off.join(", ")}.` : "No advanced security feature is on.";
    case "PARTIAL":
      return null; // The badge names the features that are off.
    case "NOT_AVAILABLE":
      return health.provider === "GITLAB"
        ? "Rampart reads advanced security only from Azure DevOps and GitHub."
        : `${PROVIDER_LABELS[health.provider]} did not say whether it is on.`;
  }
}

function prAnnotationsDetail(health: RepositoryHealth): ReactNode {
  const { status, categories, minSeverity } = health.prAnnotations;
  if (status === "NOT_AVAILABLE") {
    return health.provider === "AZURE_DEVOPS" ? "Azure DevOps did not say whether they are on." : "Pull request annotations are available for Azure DevOps repositories only.";
  }
  if (status === "OFF") return "Findings are not annotated on pull requests.";
  const types = categories.length ? categories.map((c) => FINDING_TYPE_LABELS[c]).join(", ") : "every finding type";
  return `${types}${minSeverity ? `, from ${SEVERITY_LABELS[minSeverity]} severity up` : ""}.`;
}

/** Seed 002's statuses and the repository's other facts that decide what is scanned and shown. */
export function RepositoryStatus({ health }: { health: RepositoryHealth }) {
  const section = useSectionStyles();
  const styles = useStyles();
  const visibility = VISIBILITY[health.visibility];
  const scope = health.scanScope;
  const kind = PROVIDER_NOUNS[health.provider].kind.toLowerCase();
  return (
    <section className={section.section} aria-labelledby="status-heading">
      <Text as="h2" id="status-heading" size={500} weight="semibold" className={section.heading}>
        Status
      </Text>
      <ul className={styles.tiles}>
        <Tile label="Advanced security" badge={<AdvancedSecurityBadge status={health.advancedSecurity.status} off={health.advancedSecurity.off} />}>
          {advancedSecurityDetail(health)}
        </Tile>
        <Tile label="Pull request annotations" badge={<PrAnnotationBadge status={health.prAnnotations.status} />}>
          {prAnnotationsDetail(health)}
        </Tile>
        <Tile label="Agentless scanning" badge={<StatusBadge color={!scope.scanningEnabled ? "subtle" : scope.inScope ? "success" : "warning"}>{!scope.scanningEnabled ? "Scanning off" : scope.inScope ? "In scope" : "Excluded"}</StatusBadge>}>
          {scope.reason}
        </Tile>
        <Tile label="Visibility" badge={<StatusBadge color={visibility.color}>{visibility.label}</StatusBadge>}>
          {visibility.detail}
        </Tile>
        <Tile label="Archive status" badge={<StatusBadge color={health.archived ? "informative" : "success"}>{health.archived ? "Archived" : "Active"}</StatusBadge>}>
          {health.archived ? `Read-only in ${PROVIDER_LABELS[health.provider]}.` : `The ${kind} accepts pushes.`}
        </Tile>
        <Tile label="Discovery" badge={<StatusBadge color={health.removedAt ? "danger" : "success"}>{health.removedAt ? "Removed" : "Present"}</StatusBadge>}>
          {health.removedAt ? (
            <>
              Not found by discovery since <LocalTime iso={health.removedAt} format="date-time" />; its history is kept.
            </>
          ) : (
`Listed by ${PROVIDER_LABELS[health.provider]} when discovery last read its ${PROVIDER_NOUNS[health.provider].organization.toLowerCase()}.`
          )}
        </Tile>
      </ul>
    </section>
  );
}
