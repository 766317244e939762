"use client";

import { Badge, Button, Caption1, makeStyles, Popover, PopoverSurface, PopoverTrigger, Text, tokens } from "@fluentui/react-components";
import { ChevronDown12Regular } from "@fluentui/react-icons";
import { LocalTime } from "@/components/common/LocalTime";
import type { ConnectorView } from "@/lib/schemas/connectors";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", alignItems: "flex-start", gap: "4px", minWidth: 0 },
  head: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: "4px 6px" },
  muted: { color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
  counts: {
    display: "grid",
    gridTemplateColumns: "auto minmax(0, 1fr)",
    alignItems: "center",
    columnGap: "8px",
    rowGap: "1px",
    margin: 0,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    fontVariantNumeric: "tabular-nums",
  },
  row: { display: "contents" },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, display: "flex", alignItems: "center" },
  failing: { color: tokens.colorPaletteDarkOrangeForeground1, fontWeight: tokens.fontWeightSemibold },
  skippedButton: { minWidth: 0, height: "auto", padding: 0, fontSize: tokens.fontSizeBase200, fontWeight: tokens.fontWeightRegular },
  surface: { maxWidth: "360px" },
  reasons: { margin: "6px 0 0", paddingLeft: "18px", display: "flex", flexDirection: "column", gap: "4px" },
});

export function intervalLabel(days: number): string {
  return days === 1 ? "every day" : `every ${days} days`;
}

/**
 * Agentless scanning of one environment, as the environment list shows it: on or off and
 * how often, when it last scanned a repository, and how many of its repositories are
 * scanned, skipped (the button opens the reasons), failing and not scanned yet.
 */
export function AgentlessSummaryCell({ connector }: { connector: ConnectorView }) {
  const styles = useStyles();
  const { scanning, agentless } = connector;
  const skipped = agentless.skipped;
  return (
    <span className={styles.root}>
      <span className={styles.head}>
        <Badge appearance="tint" color={scanning.enabled ? "brand" : "subtle"}>
          {scanning.enabled ? "On" : "Off"}
        </Badge>
        {scanning.enabled ? (
          <Caption1 className={styles.muted}>
            {intervalLabel(scanning.intervalDays)}, {scanning.scanners.length === 1 ? "1 scanner" : `${scanning.scanners.length} scanners`}
          </Caption1>
        ) : null}
      </span>
      <Caption1 className={styles.muted}>
        {agentless.lastScanAt ? (
          <>
            Last scan <LocalTime iso={agentless.lastScanAt} format="relative" />
          </>
        ) : (
          "No repository scanned yet"
        )}
      </Caption1>
      {connector.lastDiscoveryAt ? (
        <dl className={styles.counts} aria-label={`Agentless scanning of ${connector.name}'s repositories`}>
          <div className={styles.row}>
            <dt className={styles.term}>Scanned</dt>
            <dd className={styles.value}>{agentless.scanned}</dd>
          </div>
          <div className={styles.row}>
            <dt className={styles.term}>Skipped</dt>
            <dd className={styles.value}>
              {skipped > 0 ? (
                <Popover withArrow positioning="below-start">
                  <PopoverTrigger disableButtonEnhancement>
                    <Button
                      appearance="transparent"
                      size="small"
                      className={styles.skippedButton}
                      icon={<ChevronDown12Regular />}
                      iconPosition="after"
                      aria-label={`${skipped} skipped: why`}
                    >
                      {skipped}
                    </Button>
                  </PopoverTrigger>
                  <PopoverSurface className={styles.surface} aria-label={`Why repositories of ${connector.name} are skipped`}>
                    <Text weight="semibold">Why {skipped === 1 ? "1 repository is" : `${skipped} repositories are`} not scanned</Text>
                    <ul className={styles.reasons}>
                      {agentless.skipReasons.map((r) => (
                        <li key={r.reason}>
                          <Text size={200}>
                            {r.count} · {r.reason}
                          </Text>
                        </li>
                      ))}
                    </ul>
                  </PopoverSurface>
                </Popover>
              ) : (
                0
              )}
            </dd>
          </div>
          <div className={styles.row}>
            <dt className={styles.term}>Failing</dt>
            <dd className={styles.value}>
              <span className={agentless.failing > 0 ? styles.failing : undefined}>{agentless.failing}</span>
            </dd>
          </div>
          <div className={styles.row}>
            <dt className={styles.term}>Not scanned yet</dt>
            <dd className={styles.value}>{agentless.notScanned}</dd>
          </div>
        </dl>
      ) : null}
    </span>
  );
}
