"use client";

import {
  Badge,
  Breadcrumb,
  BreadcrumbButton,
  BreadcrumbDivider,
  BreadcrumbItem,
  Button,
  Caption1,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  tokens,
} from "@fluentui/react-components";
import { ArrowSync20Regular } from "@fluentui/react-icons";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi, type Problem } from "@/components/common/api";
import { LocalTime } from "@/components/common/LocalTime";
import { ProblemBar } from "@/components/common/ProblemBar";
import { SuccessNotice } from "@/components/common/SuccessNotice";
import { ProviderIcon } from "@/components/environments/ProviderIcon";
import { PROVIDER_LABELS } from "@/lib/schemas/connectors";
import type { RepositoryHealth, RepositoryRefresh } from "@/lib/schemas/repository-health";
import { RESOURCE_TYPE_LABELS } from "@/lib/schemas/inventory";
import { PROVIDER_NOUNS } from "./labels";

const useStyles = makeStyles({
  breadcrumb: { marginBottom: "4px", marginLeft: "-8px" },
  current: { padding: "0 6px", fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2, overflowWrap: "anywhere" },
  root: { display: "flex", flexWrap: "wrap", alignItems: "flex-start", gap: "12px 16px" },
  icon: { marginTop: "4px" },
  titles: { display: "flex", flexDirection: "column", gap: "2px", flexGrow: 1, flexBasis: "320px", minWidth: 0 },
  titleRow: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: "4px 12px" },
  title: { margin: 0, overflowWrap: "anywhere" },
  subtitle: { color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
  actions: { display: "flex", flexDirection: "column", alignItems: "flex-start", gap: "4px" },
  pending: { color: tokens.colorNeutralForeground3, display: "flex", alignItems: "center", gap: "6px" },
  bars: { display: "flex", flexDirection: "column", gap: "8px" },
});

const PENDING_LABELS = { queued: "Discovery queued", running: "Discovery running", retrying: "Discovery retrying" } as const;

/** Breadcrumb, the repository's name and kind, and Refresh for those who may run discovery. */
export function RepositoryHeader({ health }: { health: RepositoryHealth }) {
  const styles = useStyles();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const provider = PROVIDER_LABELS[health.provider];
  const pending = health.discovery.pending;

  async function refresh() {
    setBusy(true);
    setProblem(null);
    setNotice(null);
    const result = await callApi<RepositoryRefresh>("POST", `/api/v1/repositories/${encodeURIComponent(health.id)}/refresh`);
    setBusy(false);
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    const restored = result.data.repositoryRemoved ? ` If ${provider} has ${health.name} again, it is restored with its history.` : "";
    setNotice(`Discovery of ${result.data.connector.name} queued: its repositories are read again from ${provider} in a moment, this one included.${restored}`);
    router.refresh();
  }

  return (
    <header className={styles.bars}>
      <Breadcrumb aria-label="Breadcrumb" size="small" className={styles.breadcrumb}>
        <BreadcrumbItem>
          <BreadcrumbButton href="/inventory">Inventory</BreadcrumbButton>
        </BreadcrumbItem>
        <BreadcrumbDivider />
        <BreadcrumbItem>
          <span className={styles.current} aria-current="page">
            {health.name}
          </span>
        </BreadcrumbItem>
      </Breadcrumb>
      <div className={styles.root}>
        <ProviderIcon provider={health.provider} size={32} labelled className={styles.icon} />
        <div className={styles.titles}>
          <div className={styles.titleRow}>
            <Text as="h1" size={700} weight="semibold" className={styles.title}>
              {health.name}
            </Text>
            {health.removedAt ? (
              <Badge appearance="filled" color="danger">
                Removed
              </Badge>
            ) : null}
            {health.archived ? (
              <Badge appearance="outline" color="informative">
                Archived
              </Badge>
            ) : null}
          </div>
          <Text className={styles.subtitle}>
            {RESOURCE_TYPE_LABELS[health.provider]} · {health.fullName}
          </Text>
        </div>
        {health.actions.refresh ? (
          <div className={styles.actions}>
            <Button
              appearance="primary"
              icon={busy ? <Spinner size="extra-tiny" /> : <ArrowSync20Regular />}
              disabled={busy}
              onClick={() => void refresh()}
              aria-describedby={pending ? "repository-pending-discovery" : undefined}
            >
              Refresh
            </Button>
            <Caption1 className={styles.pending} id="repository-pending-discovery" aria-live="polite">
              {pending ? (
                <>
                  <Spinner size="extra-tiny" aria-hidden />
                  {PENDING_LABELS[pending.state]}
                </>
              ) : (
                `Discovers ${health.connector.name} again`
              )}
            </Caption1>
          </div>
        ) : null}
      </div>
      {health.removedAt ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Removed from {provider}</MessageBarTitle>
            Discovery of {health.connector.name} has not found this {PROVIDER_NOUNS[health.provider].kind.toLowerCase()} since <LocalTime iso={health.removedAt} format="date-time" />. Rampart
            keeps it with its history{health.actions.refresh ? `; Refresh checks again, and restores it if ${provider} has it again` : ""}.
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <SuccessNotice message={notice} onDismiss={() => setNotice(null)} />
      <ProblemBar problem={problem} />
    </header>
  );
}
