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
import { ChevronDown16Regular, ChevronRight16Regular, Folder16Regular } from "@fluentui/react-icons";
import NextLink from "next/link";
import { useState, type ReactNode } from "react";
import { callApi, type Problem } from "@/components/common/api";
import type { InventoryPage, InventoryQuery, RepositoryGroup, RepositoryGroupList, RepositoryRow } from "@/lib/schemas/inventory";
import { EnvironmentCell } from "./EnvironmentCell";
import { FindingsCell } from "./FindingsCell";
import { filterParams } from "./inventory-url";
import { AdvancedSecurityBadge, PrAnnotationBadge } from "./StatusBadges";

const useStyles = makeStyles({
  table: { minWidth: "880px", tableLayout: "auto" },
  cell: { verticalAlign: "middle", paddingTop: "6px", paddingBottom: "6px" },
  name: { display: "flex", alignItems: "center", gap: "6px", minWidth: 0 },
  toggle: { minWidth: "24px", flexShrink: 0 },
  spacer: { width: "24px", flexShrink: 0 },
  groupName: { fontWeight: tokens.fontWeightSemibold, overflowWrap: "anywhere" },
  kind: { color: tokens.colorNeutralForeground3 },
  link: {
    color: tokens.colorBrandForegroundLink,
    textDecorationLine: "none",
    overflowWrap: "anywhere",
    ":hover": { color: tokens.colorBrandForegroundLinkHover, textDecorationLine: "underline" },
    ":focus-visible": { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: "1px", borderRadius: tokens.borderRadiusSmall },
  },
  number: { fontVariantNumeric: "tabular-nums" },
  muted: { color: tokens.colorNeutralForeground3 },
  problem: { color: tokens.colorPaletteRedForeground1 },
});

const KIND_LABELS: Record<RepositoryGroup["kind"], string> = { organization: "Organization", project: "Project", group: "Group", subgroup: "Subgroup" };
const LEAF_PAGE = 50;
const number = new Intl.NumberFormat("en-US");

function nodeKey(g: Pick<RepositoryGroup, "connector" | "organization" | "path">): string {
  return JSON.stringify([g.connector.id, g.organization, g.path]);
}

/** What one opened node holds: its groups, then the repositories directly in it, a page at a time. */
interface NodeContents {
  groups: RepositoryGroup[];
  repositories: RepositoryRow[];
  nextCursor: string | null;
  total: number;
}

type NodeState = { state: "loading" } | { state: "failed"; problem: Problem } | ({ state: "loaded"; loadingMore?: boolean } & NodeContents);

async function loadNode(query: InventoryQuery, group: RepositoryGroup, cursor?: string): Promise<{ ok: true; contents: NodeContents } | { ok: false; problem: Problem }> {
  const leafParams = filterParams(query);
  leafParams.set("connector", group.connector.id);
  leafParams.set("organization", group.organization);
  leafParams.set("projectPath", group.path);
  leafParams.set("sort", "name");
  leafParams.set("dir", "asc");
  leafParams.set("limit", String(LEAF_PAGE));
  if (cursor) leafParams.set("cursor", cursor);
  const groupParams = filterParams(query);
  groupParams.set("parentConnector", group.connector.id);
  groupParams.set("parentOrganization", group.organization);
  groupParams.set("parentPath", group.path);
  const [groups, leaves] = await Promise.all([
    cursor || !group.hasGroups ? Promise.resolve({ ok: true as const, data: { items: [], truncated: false } }) : callApi<RepositoryGroupList>("GET", `/api/v1/repository-groups?${groupParams}`),
    callApi<InventoryPage>("GET", `/api/v1/repositories?${leafParams}`),
  ]);
  if (!groups.ok) return { ok: false, problem: groups.problem };
  if (!leaves.ok) return { ok: false, problem: leaves.problem };
  return { ok: true, contents: { groups: groups.data.items, repositories: leaves.data.items, nextCursor: leaves.data.nextCursor, total: leaves.data.total } };
}

export interface GroupedRepositoriesProps {
  /** The organizations and top-level groups the server listed for this query. */
  groups: RepositoryGroup[];
  query: InventoryQuery;
}

/**
 * The grouped inventory as a tree grid: organizations (GitLab: groups), opened level by
 * level into projects or subgroups and their repositories, each level fetched when it is
 * opened. Counts on a group are those of the matching repositories anywhere below it.
 * A new query (filters, search) arrives as a new `key`, so opened nodes start closed.
 */
export function GroupedRepositories({ groups, query }: GroupedRepositoriesProps) {
  const styles = useStyles();
  const [nodes, setNodes] = useState<Map<string, NodeState>>(new Map());
  const [open, setOpen] = useState<Set<string>>(new Set());

  function update(key: string, state: NodeState) {
    setNodes((current) => new Map(current).set(key, state));
  }

  async function toggle(group: RepositoryGroup) {
    const key = nodeKey(group);
    if (open.has(key)) {
      setOpen((current) => {
        const next = new Set(current);
        next.delete(key);
        return next;
      });
      return;
    }
    setOpen((current) => new Set(current).add(key));
    if (nodes.get(key)?.state !== "loaded") await load(group);
  }

  /** Fetches a node's first level (again, after a failure). */
  async function load(group: RepositoryGroup) {
    const key = nodeKey(group);
    update(key, { state: "loading" });
    const result = await loadNode(query, group);
    update(key, result.ok ? { state: "loaded", ...result.contents } : { state: "failed", problem: result.problem });
  }

  async function more(group: RepositoryGroup) {
    const key = nodeKey(group);
    const current = nodes.get(key);
    if (current?.state !== "loaded" || !current.nextCursor) return;
    update(key, { ...current, loadingMore: true });
    const result = await loadNode(query, group, current.nextCursor);
    if (!result.ok) {
      update(key, { state: "failed", problem: result.problem });
      return;
    }
    update(key, { ...current, loadingMore: false, repositories: [...current.repositories, ...result.contents.repositories], nextCursor: result.contents.nextCursor });
  }

  const rows: ReactNode[] = [];

  function indent(level: number) {
    return { paddingLeft: `${(level - 1) * 24}px` };
  }

  function groupRow(group: RepositoryGroup, level: number, position: number, siblings: number) {
    const key = nodeKey(group);
    const expanded = open.has(key);
    const state = nodes.get(key);
    const label = `${KIND_LABELS[group.kind]} ${group.name}`;
    rows.push(
      <TableRow key={key} aria-level={level} aria-posinset={position} aria-setsize={siblings} aria-expanded={expanded} data-kind={group.kind}>
        <TableCell className={styles.cell}>
          <span className={styles.name} style={indent(level)}>
            <Button
              className={styles.toggle}
              size="small"
              appearance="transparent"
              icon={expanded ? <ChevronDown16Regular /> : <ChevronRight16Regular />}
              aria-label={`${expanded ? "Collapse" : "Expand"} ${label}`}
              onClick={() => void toggle(group)}
            />
            <Folder16Regular aria-hidden className={styles.muted} />
            <span>
              <Text className={styles.groupName}>{group.name}</Text> <Caption1 className={styles.kind}>{KIND_LABELS[group.kind]}</Caption1>
            </span>
          </span>
        </TableCell>
        <TableCell className={styles.cell}>
          <EnvironmentCell provider={group.provider} connectorName={group.connector.name} />
        </TableCell>
        <TableCell className={styles.cell}>
          <span className={styles.number}>{number.format(group.repositories)}</span>
        </TableCell>
        <TableCell className={styles.cell}>
          {/* GitLab has no advanced security to count (seed 002: N/A). */}
          {group.provider === "GITLAB" ? (
            <AdvancedSecurityBadge status="NOT_AVAILABLE" off={[]} />
          ) : (
            <span className={styles.number} title="Repositories with advanced security On">
              {number.format(group.advancedSecurityOn)} of {number.format(group.repositories)} on
            </span>
          )}
        </TableCell>
        <TableCell className={styles.cell}>
          <Caption1 className={styles.muted}>—</Caption1>
        </TableCell>
        <TableCell className={styles.cell}>
          <FindingsCell counts={group.findings} />
        </TableCell>
      </TableRow>,
    );
    if (!expanded) return;
    if (!state || state.state === "loading") {
      rows.push(messageRow(`${key}:loading`, level + 1, <Spinner size="extra-tiny" label={`Loading ${group.name}…`} labelPosition="after" />));
      return;
    }
    if (state.state === "failed") {
      rows.push(
        messageRow(
          `${key}:failed`,
          level + 1,
          <span className={styles.problem} role="alert">
            {group.name} could not be opened: {state.problem.detail}{" "}
            <Button size="small" appearance="subtle" onClick={() => void load(group)}>
              Try again
            </Button>
          </span>,
        ),
      );
      return;
    }
    const count = state.groups.length + state.repositories.length;
    state.groups.forEach((child, i) => groupRow(child, level + 1, i + 1, count));
    state.repositories.forEach((r, i) => repositoryRow(r, level + 1, state.groups.length + i + 1, state.groups.length + state.total));
    if (count === 0) rows.push(messageRow(`${key}:empty`, level + 1, <Caption1 className={styles.muted}>Nothing here matches the filters.</Caption1>));
    if (state.nextCursor) {
      rows.push(
        messageRow(
          `${key}:more`,
          level + 1,
          <Button size="small" appearance="subtle" disabled={state.loadingMore} onClick={() => void more(group)}>
            {state.loadingMore ? "Loading…" : `Show more repositories of ${group.name} (${number.format(state.total - state.repositories.length)} more)`}
          </Button>,
        ),
      );
    }
  }

  function messageRow(key: string, level: number, content: ReactNode) {
    return (
      <TableRow key={key} aria-level={level}>
        <TableCell className={styles.cell} colSpan={6}>
          <span className={styles.name} style={indent(level)}>
            <span className={styles.spacer} />
            {content}
          </span>
        </TableCell>
      </TableRow>
    );
  }

  function repositoryRow(r: RepositoryRow, level: number, position: number, siblings: number) {
    rows.push(
      <TableRow key={`repo:${r.id}`} aria-level={level} aria-posinset={position} aria-setsize={siblings} data-kind="repository">
        <TableCell className={styles.cell}>
          <span className={styles.name} style={indent(level)}>
            <span className={styles.spacer} />
            <NextLink href={`/inventory/repositories/${encodeURIComponent(r.id)}`} prefetch={false} className={styles.link} title={r.fullName}>
              {r.name}
            </NextLink>
          </span>
        </TableCell>
        <TableCell className={styles.cell}>
          <EnvironmentCell provider={r.provider} connectorName={r.connector.name} />
        </TableCell>
        <TableCell className={styles.cell}>
          <Caption1 className={styles.muted}>—</Caption1>
        </TableCell>
        <TableCell className={styles.cell}>
          <AdvancedSecurityBadge status={r.advancedSecurity} off={r.advancedSecurityOff} />
        </TableCell>
        <TableCell className={styles.cell}>
          <PrAnnotationBadge status={r.prAnnotations} />
        </TableCell>
        <TableCell className={styles.cell}>
          <FindingsCell counts={r.findings} />
        </TableCell>
      </TableRow>,
    );
  }

  groups.forEach((g, i) => groupRow(g, 1, i + 1, groups.length));

  return (
    <Table size="small" role="treegrid" aria-label="Repositories by organization" className={styles.table}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell style={{ width: "30%" }}>Name</TableHeaderCell>
          <TableHeaderCell style={{ width: "20%" }}>DevOps environment</TableHeaderCell>
          <TableHeaderCell>Repositories</TableHeaderCell>
          <TableHeaderCell>Advanced security status</TableHeaderCell>
          <TableHeaderCell>Pull request annotation status</TableHeaderCell>
          <TableHeaderCell>Findings</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>{rows}</TableBody>
    </Table>
  );
}
