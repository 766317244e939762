"use client";

import {
  Button,
  Caption1,
  makeStyles,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from "@fluentui/react-components";
import { ArrowSync16Regular, Delete16Regular, Settings16Regular } from "@fluentui/react-icons";
import { LocalTime } from "@/components/common/LocalTime";
import { REGIONS, type ConnectorView, type RegionId } from "@/lib/schemas/connectors";
import { AgentlessSummaryCell } from "./AgentlessSummaryCell";
import { AuthorizationStateBadge } from "./AuthorizationStateBadge";
import { OrganizationsSummary } from "./OrganizationsSummary";
import { ProviderIcon } from "./ProviderIcon";

const useStyles = makeStyles({
  table: { minWidth: "1120px", tableLayout: "fixed" },
  name: { display: "flex", alignItems: "flex-start", gap: "8px", minWidth: 0 },
  nameIcon: { marginTop: "2px" },
  nameText: { display: "flex", flexDirection: "column", alignItems: "flex-start", gap: "2px", minWidth: 0, overflowWrap: "anywhere" },
  stack: { display: "flex", flexDirection: "column", gap: "2px", minWidth: 0, overflowWrap: "anywhere" },
  muted: { color: tokens.colorNeutralForeground3 },
  discoveryError: { color: tokens.colorPaletteDarkOrangeForeground1 },
  cell: { verticalAlign: "top", paddingTop: "8px", paddingBottom: "8px" },
  actions: { display: "flex", flexDirection: "column", alignItems: "flex-start", gap: "2px" },
  colName: { width: "14%" },
  colPlace: { width: "13%" },
  colRegion: { width: "88px" },
  colOrgs: { width: "14%" },
  colAuth: { width: "15%" },
  colIdentity: { width: "12%" },
  colDiscovery: { width: "100px" },
  colScanning: { width: "180px" },
  colActions: { width: "136px" },
});

export function regionLabel(id: RegionId): string {
  return REGIONS.find((r) => r.id === id)?.label ?? id;
}

export interface ConnectorsTableProps {
  connectors: ConnectorView[];
  onEdit: (connector: ConnectorView) => void;
  onDelete: (connector: ConnectorView) => void;
  /** Refresh: discover the connector's repositories now. */
  onDiscover: (connector: ConnectorView) => void;
  /** The connector whose discovery is being queued. */
  discoveringId?: string | null;
}

/** Every connector the caller can see; each row's buttons follow its `actions`. */
export function ConnectorsTable({ connectors, onEdit, onDelete, onDiscover, discoveringId }: ConnectorsTableProps) {
  const styles = useStyles();
  // A Security Reader gets no Actions column at all.
  const showActions = connectors.some((c) => c.actions.edit || c.actions.manageScanning || c.actions.delete || c.actions.refresh);
  return (
    <Table size="small" aria-label="Connectors" className={styles.table}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell className={styles.colName}>Name</TableHeaderCell>
          <TableHeaderCell className={styles.colPlace}>Subscription / resource group</TableHeaderCell>
          <TableHeaderCell className={styles.colRegion}>Region</TableHeaderCell>
          <TableHeaderCell className={styles.colOrgs}>Organizations</TableHeaderCell>
          <TableHeaderCell className={styles.colAuth}>Authorization</TableHeaderCell>
          <TableHeaderCell className={styles.colIdentity}>Identity</TableHeaderCell>
          <TableHeaderCell className={styles.colDiscovery}>Last discovery</TableHeaderCell>
          <TableHeaderCell className={styles.colScanning}>Agentless scanning</TableHeaderCell>
          {showActions ? <TableHeaderCell className={styles.colActions}>Actions</TableHeaderCell> : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {connectors.map((c) => (
          <TableRow key={c.id}>
            <TableCell className={styles.cell}>
              <span className={styles.name}>
                <ProviderIcon provider={c.provider} labelled size={16} className={styles.nameIcon} />
                <span className={styles.nameText}>
                  <Text weight="semibold">{c.name}</Text>
                  {c.host.isSandbox ? <Caption1 className={styles.muted}>{c.host.label}</Caption1> : null}
                </span>
              </span>
            </TableCell>
            <TableCell className={styles.cell}>
              <span className={styles.stack}>
                <Text>{c.subscription.name}</Text>
                <Caption1 className={styles.muted}>{c.resourceGroup.name}</Caption1>
              </span>
            </TableCell>
            <TableCell className={styles.cell}>{regionLabel(c.region)}</TableCell>
            <TableCell className={styles.cell}>
              <OrganizationsSummary connector={c} />
            </TableCell>
            <TableCell className={styles.cell}>
              <AuthorizationStateBadge state={c.authorization.state} reason={c.authorization.reason} />
            </TableCell>
            <TableCell className={styles.cell}>
              <span className={styles.stack} title={c.authorization.identity.email ?? undefined}>
                <Text>{c.authorization.identity.login}</Text>
                {c.authorization.identity.name ? <Caption1 className={styles.muted}>{c.authorization.identity.name}</Caption1> : null}
              </span>
            </TableCell>
            <TableCell className={styles.cell}>
              <span className={styles.stack}>
                {c.discovery?.state === "RUNNING" ? (
                  <Text>Discovering…</Text>
                ) : c.lastDiscoveryAt ? (
                  <LocalTime iso={c.lastDiscoveryAt} format="relative" />
                ) : (
                  <span className={styles.muted}>Not yet</span>
                )}
                {c.lastDiscoveryAt ? (
                  <Caption1 className={styles.muted}>{c.repositoryCount === 1 ? "1 repository" : `${c.repositoryCount} repositories`}</Caption1>
                ) : null}
                {/* A failure because of the authorization is already explained in the Authorization column. */}
                {c.discovery && (c.discovery.state === "PARTIAL" || (c.discovery.state === "FAILED" && c.authorization.state === "CONNECTED")) ? (
                  <Caption1 className={styles.discoveryError}>
                    {c.discovery.state === "FAILED" ? "Failed: " : "Incomplete: "}
                    {c.discovery.errors.map((e) => (e.organization === "*" ? e.message : `${e.organization}: ${e.message}`)).join(" ")}
                  </Caption1>
                ) : null}
              </span>
            </TableCell>
            <TableCell className={styles.cell}>
              <AgentlessSummaryCell connector={c} />
            </TableCell>
            {showActions ? (
              <TableCell className={styles.cell}>
                <span className={styles.actions}>
                  {c.actions.edit || c.actions.manageScanning ? (
                    <Button size="small" appearance="subtle" icon={<Settings16Regular />} aria-label={`Edit settings of ${c.name}`} onClick={() => onEdit(c)}>
                      Edit settings
                    </Button>
                  ) : null}
                  {c.actions.refresh ? (
                    <Button
                      size="small"
                      appearance="subtle"
                      icon={discoveringId === c.id ? <Spinner size="extra-tiny" /> : <ArrowSync16Regular />}
                      disabled={discoveringId === c.id}
                      aria-label={`Refresh ${c.name}: discover its repositories now`}
                      onClick={() => onDiscover(c)}
                    >
                      Refresh
                    </Button>
                  ) : null}
                  {c.actions.delete ? (
                    <Button size="small" appearance="subtle" icon={<Delete16Regular />} aria-label={`Delete ${c.name}`} onClick={() => onDelete(c)}>
                      Delete
                    </Button>
                  ) : null}
                </span>
              </TableCell>
            ) : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
