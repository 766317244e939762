"use client";

import {
  Badge,
  Button,
  Caption1,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  ToolbarButton,
  Tooltip,
  tokens,
} from "@fluentui/react-components";
import { Add20Regular, Prohibited16Regular } from "@fluentui/react-icons";
import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import { API_TOKEN_PERMISSION_LABELS } from "@/lib/auth/permissions";
import type { ApiTokenView, CreatedApiToken } from "@/lib/schemas/api-tokens";
import type { SubscriptionView } from "@/lib/schemas/subscriptions";
import { callApi, type Problem } from "@/components/common/api";
import { ConfirmDialog } from "@/components/common/ConfirmDialog";
import { ListToolbar } from "@/components/common/ListToolbar";
import { LocalTime } from "@/components/common/LocalTime";
import { usePanelStyles } from "@/components/common/panel-styles";
import { SuccessNotice } from "@/components/common/SuccessNotice";
import { CreateApiTokenDialog } from "./CreateApiTokenDialog";
import type { ConnectorScopeOption } from "./scope-options";

const useStyles = makeStyles({
  table: { minWidth: "1000px" },
  inactive: { color: tokens.colorNeutralForeground3 },
  muted: { color: tokens.colorNeutralForeground3 },
  stack: { display: "flex", flexDirection: "column", gap: "2px", alignItems: "flex-start", paddingBlock: "6px" },
  prefix: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground3 },
  scopes: { display: "flex", flexWrap: "wrap", gap: "4px", listStyleType: "none", margin: 0, padding: "4px 0" },
  scope: {
    padding: "0 8px",
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase300,
    overflowWrap: "anywhere",
  },
  empty: { padding: "24px", textAlign: "center", color: tokens.colorNeutralForeground3 },
  colName: { width: "18%" },
  colPermission: { width: "116px" },
  colCreatedBy: { width: "14%" },
  colDate: { width: "112px" },
  colLastUsed: { width: "128px" },
  colActions: { width: "104px" },
});

/** Tokens within a week of expiry are flagged. */
const SOON_MS = 7 * 24 * 3600_000;

export interface ApiTokensProps {
  tokens: ApiTokenView[];
  subscriptions: SubscriptionView[];
  connectors: ConnectorScopeOption[];
  /** Where the caller may scope new tokens ("WORKSPACE", "SUBSCRIPTION:<id>", ...). */
  allowedScopeKeys: string[];
}

/** Settings → API tokens: the tokens the caller manages, a new one, and revocation. */
export function ApiTokens({ tokens: list, subscriptions, connectors, allowedScopeKeys }: ApiTokensProps) {
  const styles = useStyles();
  const panel = usePanelStyles();
  const router = useRouter();
  const [refreshing, startRefresh] = useTransition();
  const [createOpen, setCreateOpen] = useState(false);
  const [revoking, setRevoking] = useState<ApiTokenView | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmProblem, setConfirmProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const allowed = useMemo(() => new Set(allowedScopeKeys), [allowedScopeKeys]);
  // Read once per render of the list: "expires soon" needs a clock, the server's status does not.
  const [now] = useState(() => Date.now());

  const refresh = () => startRefresh(() => router.refresh());

  function onCreated({ apiToken }: CreatedApiToken) {
    setCreateOpen(false);
    setNotice(`Created API token “${apiToken.name}” (${apiToken.prefix}…).`);
    refresh();
  }

  function closeConfirm() {
    if (busy) return;
    setRevoking(null);
    setConfirmProblem(null);
  }

  async function revoke() {
    if (!revoking) return;
    setBusy(true);
    setConfirmProblem(null);
    const result = await callApi<null>("DELETE", `/api/api-tokens/${encodeURIComponent(revoking.id)}`);
    setBusy(false);
    if (!result.ok) {
      setConfirmProblem(result.problem);
      return;
    }
    setNotice(`Revoked API token “${revoking.name}” (${revoking.prefix}…). Requests that use it are refused from now on.`);
    setRevoking(null);
    refresh();
  }

  const active = list.filter((t) => t.status === "ACTIVE").length;

  return (
    <div className={panel.stack}>
      <SuccessNotice message={notice} onDismiss={() => setNotice(null)} />
      <div className={panel.panel}>
        <ListToolbar
          label="API token commands"
          refreshing={refreshing}
          onRefresh={refresh}
          count={
            <>
              {list.length === 1 ? "1 token" : `${list.length} tokens`}
              {list.length > 0 ? `, ${active} active` : ""}
            </>
          }
        >
          <ToolbarButton appearance="subtle" icon={<Add20Regular />} onClick={() => setCreateOpen(true)}>
            New token
          </ToolbarButton>
        </ListToolbar>
        <Table size="small" aria-label="API tokens" className={styles.table}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell className={styles.colName}>Name</TableHeaderCell>
              <TableHeaderCell className={styles.colPermission}>Permission</TableHeaderCell>
              <TableHeaderCell>Scope</TableHeaderCell>
              <TableHeaderCell className={styles.colCreatedBy}>Created by</TableHeaderCell>
              <TableHeaderCell className={styles.colDate}>Created</TableHeaderCell>
              <TableHeaderCell className={styles.colDate}>Expires</TableHeaderCell>
              <TableHeaderCell className={styles.colLastUsed}>Last used</TableHeaderCell>
              <TableHeaderCell className={styles.colActions}>
                <span className={styles.muted}>Actions</span>
              </TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.length === 0 ? (
              <TableRow>
                <TableCell colSpan={8} className={styles.empty}>
                  No API tokens yet. Pipelines upload scan results with one, and scripts read the inventory through /api/v1 with one. Create one with
                  New token.
                </TableCell>
              </TableRow>
            ) : (
              list.map((t) => {
                const inactive = t.status !== "ACTIVE";
                const soon = !inactive && Date.parse(t.expiresAt) - now < SOON_MS;
                return (
                  <TableRow key={t.id} className={inactive ? styles.inactive : undefined} aria-label={`${t.name} (${t.prefix}…)`}>
                    <TableCell>
                      <span className={styles.stack}>
                        <Text weight="semibold">{t.name}</Text>
                        <span className={styles.prefix} aria-label={`Starts with ${t.prefix}`}>
                          {t.prefix}…
                        </span>
                      </span>
                    </TableCell>
                    <TableCell>
                      <Badge appearance="tint" color={t.permission === "UPLOAD" ? "brand" : "informative"}>
                        {API_TOKEN_PERMISSION_LABELS[t.permission]}
                      </Badge>
                    </TableCell>
                    <TableCell>
                      {t.scopes.length === 0 ? (
                        <Text size={200} className={styles.muted}>
                          Nothing: its containers were deleted
                        </Text>
                      ) : (
                        <ul className={styles.scopes} aria-label={`Scope of ${t.name}`}>
                          {t.scopes.map((s) => (
                            <li key={`${s.type}:${s.id}`} className={styles.scope}>
                              {s.name}
                            </li>
                          ))}
                        </ul>
                      )}
                    </TableCell>
                    <TableCell>
                      <span className={styles.stack}>
                        <Text>{t.createdBy.name}</Text>
                        {t.createdFromCli ? <Caption1 className={styles.muted}>from the command line</Caption1> : null}
                      </span>
                    </TableCell>
                    <TableCell>
                      <LocalTime iso={t.createdAt} format="date" />
                    </TableCell>
                    <TableCell>
                      <span className={styles.stack}>
                        <LocalTime iso={t.expiresAt} format="date" />
                        {t.status === "EXPIRED" ? (
                          <Badge appearance="tint" color="danger" size="small">
                            Expired
                          </Badge>
                        ) : t.status === "REVOKED" ? (
                          <Tooltip content={`Revoked by ${t.revokedBy?.name ?? "a user no longer here"}`} relationship="description">
                            <Badge appearance="tint" color="subtle" size="small" tabIndex={0}>
                              Revoked
                            </Badge>
                          </Tooltip>
                        ) : soon ? (
                          <Badge appearance="tint" color="warning" size="small">
                            Expires soon
                          </Badge>
                        ) : null}
                      </span>
                    </TableCell>
                    <TableCell>
                      {t.lastUsedAt ? (
                        <span className={styles.stack}>
                          <LocalTime iso={t.lastUsedAt} format="relative" />
                          {t.lastUsedIp ? <Caption1 className={styles.muted}>from {t.lastUsedIp}</Caption1> : null}
                        </span>
                      ) : (
                        <span className={styles.muted}>Never</span>
                      )}
                    </TableCell>
                    <TableCell>
                      {t.status === "REVOKED" ? null : (
                        <Button
                          size="small"
                          appearance="subtle"
                          icon={<Prohibited16Regular />}
                          aria-label={`Revoke ${t.name}`}
                          disabled={busy}
                          onClick={() => setRevoking(t)}
                        >
                          Revoke
                        </Button>
                      )}
                    </TableCell>
                  </TableRow>
                );
              })
            )}
          </TableBody>
        </Table>
      </div>

      <CreateApiTokenDialog
        open={createOpen}
        subscriptions={subscriptions}
        connectors={connectors}
        allowedScopeKeys={allowed}
        onClose={() => setCreateOpen(false)}
        onCreated={onCreated}
      />
      <ConfirmDialog
        open={revoking !== null}
        title="Revoke API token"
        confirmLabel="Revoke"
        destructive
        busy={busy}
        problem={confirmProblem}
        onConfirm={() => void revoke()}
        onCancel={closeConfirm}
      >
        {revoking ? (
          <Text as="p">
            Revoke <strong>{revoking.name}</strong> ({revoking.prefix}…)? Every request that uses it is refused from now on, and it cannot be
            restored: pipelines that use it need a new token.
          </Text>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}
