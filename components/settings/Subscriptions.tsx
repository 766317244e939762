"use client";

import {
  Button,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableCellLayout,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  ToolbarButton,
  tokens,
} from "@fluentui/react-components";
import { Add16Regular, Add20Regular, Cube16Regular, Key16Regular, Rename16Regular } from "@fluentui/react-icons";
import { ListToolbar } from "@/components/common/ListToolbar";
import { usePanelStyles } from "@/components/common/panel-styles";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState, useTransition } from "react";
import { EmptyState } from "@/components/common/EmptyState";
import type { ResourceGroupView, SubscriptionView } from "@/lib/schemas/subscriptions";
import { callApi } from "@/components/common/api";
import { LocalTime } from "@/components/common/LocalTime";
import { NameDialog, type NameDialogRequest } from "./NameDialog";
import { SuccessNotice } from "@/components/common/SuccessNotice";

const useStyles = makeStyles({
  table: { minWidth: "720px" },
  subscriptionRow: { backgroundColor: tokens.colorNeutralBackground2 },
  groupName: { paddingLeft: "28px" },
  subscriptionIcon: { color: tokens.colorPaletteMarigoldForeground2 },
  groupIcon: { color: tokens.colorBrandForeground1 },
  muted: { color: tokens.colorNeutralForeground3 },
  emptyGroups: { paddingLeft: "28px", color: tokens.colorNeutralForeground3, fontStyle: "italic" },
  actions: { display: "flex", gap: "4px" },
  colName: { width: "45%" },
  colType: { width: "140px" },
  colCreated: { width: "140px" },
  colActions: { width: "260px" },
});

export interface SubscriptionItem {
  subscription: SubscriptionView;
  /** Rename it and create resource groups in it. */
  canEdit: boolean;
  /** Resource groups the caller may rename. */
  renamableGroupIds: string[];
}

const CREATE_PARAM = "new";

/** Subscriptions and their resource groups; Owners create and rename them. */
export function Subscriptions({ items, canCreate }: { items: SubscriptionItem[]; canCreate: boolean }) {
  const styles = useStyles();
  const panel = usePanelStyles();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [refreshing, startRefresh] = useTransition();
  const [request, setRequest] = useState<NameDialogRequest | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  // "?new=1" (the empty state's action, or a link from elsewhere) opens the create dialog once.
  const createParam = searchParams.get(CREATE_PARAM) === "1";
  const [createParamDismissed, setCreateParamDismissed] = useState(false);
  if (!createParam && createParamDismissed) setCreateParamDismissed(false);

  const refresh = () => startRefresh(() => router.refresh());

  function finish(message: string) {
    setRequest(null);
    setNotice(message);
    refresh();
  }

  const createSubscription: NameDialogRequest = {
    title: "New subscription",
    description: "A subscription holds resource groups. Connectors live in resource groups, and roles can be given on either.",
    label: "Subscription name",
    initialName: "",
    submitLabel: "Create",
    busyLabel: "Creating…",
    submit: (name) => callApi("POST", "/api/subscriptions", { name }),
    onDone: (name) => {
      closeDialog();
      finish(`Created subscription "${name}".`);
    },
  };

  const renameSubscription = (s: SubscriptionView): NameDialogRequest => ({
    title: "Rename subscription",
    description: `Role assignments and connectors in "${s.name}" keep working under the new name.`,
    label: "Subscription name",
    initialName: s.name,
    submitLabel: "Rename",
    busyLabel: "Renaming…",
    submit: (name) => callApi("PATCH", `/api/subscriptions/${encodeURIComponent(s.id)}`, { name }),
    onDone: (name) => finish(`Renamed subscription "${s.name}" to "${name}".`),
  });

  const createGroup = (s: SubscriptionView): NameDialogRequest => ({
    title: "New resource group",
    description: `In subscription "${s.name}".`,
    label: "Resource group name",
    initialName: "",
    submitLabel: "Create",
    busyLabel: "Creating…",
    submit: (name) => callApi("POST", `/api/subscriptions/${encodeURIComponent(s.id)}/resource-groups`, { name }),
    onDone: (name) => finish(`Created resource group "${name}" in "${s.name}".`),
  });

  const renameGroup = (s: SubscriptionView, g: ResourceGroupView): NameDialogRequest => ({
    title: "Rename resource group",
    description: `In subscription "${s.name}". Role assignments and connectors in "${g.name}" keep working under the new name.`,
    label: "Resource group name",
    initialName: g.name,
    submitLabel: "Rename",
    busyLabel: "Renaming…",
    submit: (name) => callApi("PATCH", `/api/resource-groups/${encodeURIComponent(g.id)}`, { name }),
    onDone: (name) => finish(`Renamed resource group "${g.name}" to "${name}".`),
  });

  function closeDialog() {
    setRequest(null);
    if (createParam) {
      setCreateParamDismissed(true);
      router.replace(pathname, { scroll: false });
    }
  }

  const openRequest = request ?? (canCreate && createParam && !createParamDismissed ? createSubscription : null);
  const dialog = <NameDialog request={openRequest} onClose={closeDialog} />;

  if (items.length === 0) {
    return (
      <div className={panel.stack}>
        <SuccessNotice message={notice} onDismiss={() => setNotice(null)} />
        {canCreate ? (
          <EmptyState icon="inventory" title="No subscriptions yet" action={{ label: "Create a subscription", href: `${pathname}?${CREATE_PARAM}=1` }}>
            Connectors and role scopes live in subscriptions and resource groups. Create a subscription, add resource groups
            to it, then connect environments into them and give people roles on them.
          </EmptyState>
        ) : (
          <EmptyState icon="inventory" title="No subscriptions to show">
            Subscriptions and resource groups are created by an Owner. The ones you are given a role on are listed here.
          </EmptyState>
        )}
        {dialog}
      </div>
    );
  }

  const groupCount = items.reduce((n, i) => n + i.subscription.resourceGroups.length, 0);
  // Readers see no Actions column at all.
  const showActions = items.some((i) => i.canEdit || i.renamableGroupIds.length > 0);

  return (
    <div className={panel.stack}>
      <SuccessNotice message={notice} onDismiss={() => setNotice(null)} />
      <div className={panel.panel}>
        <ListToolbar label="Subscription commands" refreshing={refreshing} onRefresh={refresh} count={<>{plural(items.length, "subscription")} · {plural(groupCount, "resource group")}</>}>
          {canCreate ? (
            <ToolbarButton appearance="subtle" icon={<Add20Regular />} onClick={() => setRequest(createSubscription)}>
              New subscription
            </ToolbarButton>
          ) : null}
        </ListToolbar>
        <Table size="small" aria-label="Subscriptions and resource groups" className={styles.table}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell className={styles.colName}>Name</TableHeaderCell>
              <TableHeaderCell className={styles.colType}>Type</TableHeaderCell>
              <TableHeaderCell className={styles.colCreated}>Created</TableHeaderCell>
              {showActions ? <TableHeaderCell className={styles.colActions}>Actions</TableHeaderCell> : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {items.map(({ subscription: s, canEdit, renamableGroupIds }) => (
              <SubscriptionRows
                key={s.id}
                subscription={s}
                canEdit={canEdit}
                renamableGroupIds={renamableGroupIds}
                showActions={showActions}
                onNewGroup={() => setRequest(createGroup(s))}
                onRename={() => setRequest(renameSubscription(s))}
                onRenameGroup={(g) => setRequest(renameGroup(s, g))}
              />
            ))}
          </TableBody>
        </Table>
      </div>
      {dialog}
    </div>
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

interface SubscriptionRowsProps {
  subscription: SubscriptionView;
  canEdit: boolean;
  renamableGroupIds: string[];
  showActions: boolean;
  onNewGroup: () => void;
  onRename: () => void;
  onRenameGroup: (group: ResourceGroupView) => void;
}

function SubscriptionRows({ subscription: s, canEdit, renamableGroupIds, showActions, onNewGroup, onRename, onRenameGroup }: SubscriptionRowsProps) {
  const styles = useStyles();
  return (
    <>
      <TableRow className={styles.subscriptionRow}>
        <TableCell>
          <TableCellLayout media={<Key16Regular className={styles.subscriptionIcon} />}>
            <Text weight="semibold">{s.name}</Text>
          </TableCellLayout>
        </TableCell>
        <TableCell>Subscription</TableCell>
        <TableCell>
          <LocalTime iso={s.createdAt} format="date" />
        </TableCell>
        {showActions ? (
          <TableCell>
            {canEdit ? (
              <span className={styles.actions}>
                <Button size="small" appearance="subtle" icon={<Add16Regular />} onClick={onNewGroup}>
                  New resource group
                </Button>
                <Button size="small" appearance="subtle" icon={<Rename16Regular />} onClick={onRename} aria-label={`Rename subscription ${s.name}`}>
                  Rename
                </Button>
              </span>
            ) : null}
          </TableCell>
        ) : null}
      </TableRow>
      {s.resourceGroups.length === 0 ? (
        <TableRow>
          <TableCell colSpan={showActions ? 4 : 3}>
            <span className={styles.emptyGroups}>
              No resource groups{canEdit ? " yet. Add one with New resource group." : " you can see."}
            </span>
          </TableCell>
        </TableRow>
      ) : (
        s.resourceGroups.map((g) => (
          <TableRow key={g.id}>
            <TableCell>
              <TableCellLayout className={styles.groupName} media={<Cube16Regular className={styles.groupIcon} />}>
                {g.name}
              </TableCellLayout>
            </TableCell>
            <TableCell className={styles.muted}>Resource group</TableCell>
            <TableCell className={styles.muted}>
              <LocalTime iso={g.createdAt} format="date" />
            </TableCell>
            {showActions ? (
              <TableCell>
                {renamableGroupIds.includes(g.id) ? (
                  <Button size="small" appearance="subtle" icon={<Rename16Regular />} onClick={() => onRenameGroup(g)} aria-label={`Rename resource group ${g.name}`}>
                    Rename
                  </Button>
                ) : null}
              </TableCell>
            ) : null}
          </TableRow>
        ))
      )}
    </>
  );
}
