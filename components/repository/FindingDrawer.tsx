"use client";

import {
  Badge,
  Button,
  Caption1,
  DrawerBody,
  DrawerFooter,
  DrawerHeader,
  DrawerHeaderTitle,
  makeStyles,
  OverlayDrawer,
  Spinner,
  Text,
  tokens,
} from "@fluentui/react-components";
import { ArrowUndo20Regular, Dismiss24Regular, EyeOff20Regular } from "@fluentui/react-icons";
import Markdown from "react-markdown";
import { ExternalLink } from "@/components/common/ExternalLink";
import { LocalTime } from "@/components/common/LocalTime";
import { ProblemBar } from "@/components/common/ProblemBar";
import { useApiGet } from "@/components/environments/use-api-get";
import { DISMISSAL_REASON_LABELS, FINDING_EVENT_LABELS, type FindingDetail, type FindingEventView } from "@/lib/schemas/finding-triage";
import { FINDING_TYPE_LABELS } from "@/lib/schemas/findings";
import { FindingStatusBadge, SeverityLabel } from "./finding-badges";
import { fileLabel } from "./finding-location";

/**
 * One finding in a side panel: what it is and why it has its severity, where (with the
 * code the tool quoted), the rule's help, its dismissal, and its history. The rule's help
 * is markdown from the uploaded log: rendered without any raw HTML, and links only to
 * the addresses react-markdown considers safe.
 */

const useStyles = makeStyles({
  drawer: { width: "min(640px, 100vw)" },
  loading: { display: "flex", justifyContent: "center", padding: "32px" },
  body: { display: "flex", flexDirection: "column", gap: "20px", paddingBottom: "24px" },
  badges: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: "8px 12px" },
  block: { display: "flex", flexDirection: "column", gap: "6px", minWidth: 0 },
  heading: { margin: 0 },
  muted: { color: tokens.colorNeutralForeground3 },
  text: { margin: 0, overflowWrap: "anywhere", whiteSpace: "pre-wrap" },
  code: {
    margin: 0,
    padding: "10px 12px",
    maxHeight: "240px",
    overflow: "auto",
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase300,
    backgroundColor: tokens.colorNeutralBackground3,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    whiteSpace: "pre",
  },
  facts: { display: "grid", gridTemplateColumns: "max-content minmax(0, 1fr)", gap: "6px 16px", margin: 0 },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, overflowWrap: "anywhere" },
  tags: { display: "flex", flexWrap: "wrap", gap: "6px" },
  help: {
    overflowWrap: "anywhere",
    "& h1, & h2, & h3, & h4": { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, margin: "12px 0 4px" },
    "& p": { margin: "0 0 8px" },
    "& ul, & ol": { margin: "0 0 8px", paddingLeft: "20px" },
    "& code": { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, backgroundColor: tokens.colorNeutralBackground3, padding: "0 3px", borderRadius: tokens.borderRadiusSmall },
    "& pre": { padding: "8px 10px", overflowX: "auto", backgroundColor: tokens.colorNeutralBackground3, borderRadius: tokens.borderRadiusMedium },
    "& pre code": { padding: 0 },
    "& a": { color: tokens.colorBrandForegroundLink },
  },
  history: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "10px" },
  event: { display: "flex", flexDirection: "column", gap: "2px", paddingLeft: "12px", borderLeft: `2px solid ${tokens.colorNeutralStroke2}` },
  eventTitle: { display: "flex", flexWrap: "wrap", gap: "4px 8px", alignItems: "baseline" },
  actions: { display: "flex", gap: "8px" },
});

function EventLine({ event }: { event: FindingEventView }) {
  const styles = useStyles();
  const who = event.actor ? ` by ${event.actor}` : event.scanId ? ` by scan ${event.scanId.slice(0, 8)}` : "";
  return (
    <li className={styles.event}>
      <span className={styles.eventTitle}>
        <Text weight="semibold">
          {FINDING_EVENT_LABELS[event.kind]}
          {event.reason ? ` · ${DISMISSAL_REASON_LABELS[event.reason]}` : ""}
        </Text>
        <Caption1 className={styles.muted}>
          <LocalTime iso={event.at} format="date-time" />
          {who}
        </Caption1>
      </span>
      {event.comment ? <Text className={styles.text}>{event.comment}</Text> : null}
    </li>
  );
}

/** CWE-79 → its page at MITRE. */
function cweUrl(cwe: string): string | null {
  const n = /^CWE-(\d+)$/.exec(cwe)?.[1];
  return n ? `https://cwe.mitre.org/data/definitions/${n}.html` : null;
}

function Details({ finding }: { finding: FindingDetail }) {
  const styles = useStyles();
  const rule = finding.rule;
  const help = rule?.helpMarkdown ?? null;
  const helpText = help ? null : (rule?.helpText ?? rule?.fullDescription ?? null);
  const location = fileLabel(finding);
  // CWE tags ("external/cwe/cwe-079") are shown as the CWE links above them.
  const tags = rule?.tags.filter((t) => !/^external\/cwe\//i.test(t)) ?? [];
  return (
    <div className={styles.body}>
      <div className={styles.badges}>
        <SeverityLabel severity={finding.severity} />
        <FindingStatusBadge status={finding.status} />
        <Badge appearance="outline" color="informative">
          {FINDING_TYPE_LABELS[finding.type]}
        </Badge>
      </div>
      {finding.severityReason ? (
        <Text as="p" className={styles.text}>
          <span className={styles.muted}>Severity: </span>
          {finding.severityReason}
        </Text>
      ) : null}

      {finding.message ? (
        <section className={styles.block} aria-labelledby="finding-message">
          <Text as="h3" id="finding-message" weight="semibold" className={styles.heading}>
            Message
          </Text>
          <Text as="p" className={styles.text}>
            {finding.message}
          </Text>
        </section>
      ) : null}

      <section className={styles.block} aria-labelledby="finding-location">
        <Text as="h3" id="finding-location" weight="semibold" className={styles.heading}>
          Location
        </Text>
        {location ? finding.fileUrl ? <ExternalLink href={finding.fileUrl}>{location}</ExternalLink> : <Text className={styles.text}>{location}</Text> : <Text className={styles.muted}>The tool gave no file.</Text>}
        {finding.snippet ? (
          <pre className={styles.code} aria-label="Code snippet">
            <code>{finding.snippet}</code>
          </pre>
        ) : null}
      </section>

      <dl className={styles.facts}>
        <dt className={styles.term}>Tool</dt>
        <dd className={styles.value}>
          {finding.tool}
          {finding.category ? ` (category ${finding.category})` : ""}
        </dd>
        <dt className={styles.term}>Rule</dt>
        <dd className={styles.value}>{rule?.name ? `${rule.name} (${finding.ruleId})` : finding.ruleId}</dd>
        <dt className={styles.term}>First seen</dt>
        <dd className={styles.value}>
          <LocalTime iso={finding.firstSeenAt} format="date-time" />
        </dd>
        {finding.fixedAt ? (
          <>
            <dt className={styles.term}>Fixed</dt>
            <dd className={styles.value}>
              <LocalTime iso={finding.fixedAt} format="date-time" />
            </dd>
          </>
        ) : null}
      </dl>

      {finding.dismissal ? (
        <section className={styles.block} aria-labelledby="finding-dismissal">
          <Text as="h3" id="finding-dismissal" weight="semibold" className={styles.heading}>
            Dismissal
          </Text>
          <dl className={styles.facts}>
            <dt className={styles.term}>Reason</dt>
            <dd className={styles.value}>{DISMISSAL_REASON_LABELS[finding.dismissal.reason]}</dd>
            <dt className={styles.term}>By</dt>
            <dd className={styles.value}>
              {finding.dismissal.by ?? "Unknown"}, <LocalTime iso={finding.dismissal.at} format="date-time" />
            </dd>
            <dt className={styles.term}>Expires</dt>
            <dd className={styles.value}>{finding.dismissal.expiresAt ? <LocalTime iso={finding.dismissal.expiresAt} format="date-time" /> : "Never"}</dd>
            {finding.dismissal.comment ? (
              <>
                <dt className={styles.term}>Comment</dt>
                <dd className={`${styles.value} ${styles.text}`}>{finding.dismissal.comment}</dd>
              </>
            ) : null}
          </dl>
        </section>
      ) : null}

      <section className={styles.block} aria-labelledby="finding-rule">
        <Text as="h3" id="finding-rule" weight="semibold" className={styles.heading}>
          About the rule
        </Text>
        {rule?.shortDescription && rule.shortDescription !== finding.title ? <Text as="p" className={styles.text}>{rule.shortDescription}</Text> : null}
        {help ? (
          <div className={styles.help}>
            <Markdown
              skipHtml
              components={{
                a: ({ href, children }) => (href ? <ExternalLink href={href}>{children}</ExternalLink> : <>{children}</>),
                img: () => null,
              }}
            >
              {help}
            </Markdown>
          </div>
        ) : helpText ? (
          <Text as="p" className={styles.text}>
            {helpText}
          </Text>
        ) : (
          <Text className={styles.muted}>The tool gave no help for this rule.</Text>
        )}
        {rule && rule.cwes.length > 0 ? (
          <div className={styles.tags} aria-label="Weaknesses (CWE)">
            {rule.cwes.map((cwe) => {
              const url = cweUrl(cwe);
              return url ? (
                <ExternalLink key={cwe} href={url}>
                  {cwe}
                </ExternalLink>
              ) : (
                <Badge key={cwe} appearance="outline">
                  {cwe}
                </Badge>
              );
            })}
          </div>
        ) : null}
        {tags.length > 0 ? (
          <div className={styles.tags} aria-label="Tags">
            {tags.map((tag) => (
              <Badge key={tag} appearance="tint" color="informative" shape="rounded">
                {tag}
              </Badge>
            ))}
          </div>
        ) : null}
        {rule?.helpUri ? <ExternalLink href={rule.helpUri}>More about this rule</ExternalLink> : null}
      </section>

      <section className={styles.block} aria-labelledby="finding-history">
        <Text as="h3" id="finding-history" weight="semibold" className={styles.heading}>
          History
        </Text>
        <ol className={styles.history}>
          {finding.history.map((e) => (
            <EventLine key={e.id} event={e} />
          ))}
        </ol>
      </section>
    </div>
  );
}

export interface FindingDrawerProps {
  findingId: string | null;
  /** Changes when the finding may have changed (after a dismissal), to load it again. */
  version: number;
  onClose: () => void;
  onDismiss: (finding: FindingDetail) => void;
  onReopen: (finding: FindingDetail) => void;
  reopening: boolean;
}

export function FindingDrawer({ findingId, version, onClose, onDismiss, onReopen, reopening }: FindingDrawerProps) {
  const styles = useStyles();
  const { data, problem, loading } = useApiGet<FindingDetail>(findingId ? `/api/v1/findings/${encodeURIComponent(findingId)}?v=${version}` : null);
  const finding = data && data.id === findingId ? data : null;
  return (
    <OverlayDrawer open={findingId !== null} position="end" className={styles.drawer} onOpenChange={(_e, d) => (d.open ? undefined : onClose())} aria-label={finding ? `Finding: ${finding.title}` : "Finding"}>
      <DrawerHeader>
        <DrawerHeaderTitle action={<Button appearance="subtle" aria-label="Close" icon={<Dismiss24Regular />} onClick={onClose} />}>{finding ? finding.title : "Finding"}</DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody>
        <ProblemBar problem={problem} />
        {loading && !finding ? (
          <div className={styles.loading}>
            <Spinner label="Loading the finding" />
          </div>
        ) : null}
        {finding ? <Details finding={finding} /> : null}
      </DrawerBody>
      {finding && finding.actions.triage && (finding.state === "OPEN" || finding.state === "DISMISSED") ? (
        <DrawerFooter className={styles.actions}>
          {finding.state === "OPEN" ? (
            <Button appearance="primary" icon={<EyeOff20Regular />} onClick={() => onDismiss(finding)}>
              Dismiss
            </Button>
          ) : (
            <Button appearance="primary" icon={reopening ? <Spinner size="tiny" /> : <ArrowUndo20Regular />} disabled={reopening} onClick={() => onReopen(finding)}>
              Reopen
            </Button>
          )}
        </DrawerFooter>
      ) : null}
    </OverlayDrawer>
  );
}
