"use client";

import {
  Button,
  Caption1,
  Dropdown,
  Field,
  makeStyles,
  mergeClasses,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
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
import { ArrowClockwise20Regular, ArrowDown16Regular, FilterDismiss20Regular, Stop16Regular } from "@fluentui/react-icons";
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable, type ColumnDef } from "@tanstack/react-table";
import NextLink from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useEffectEvent, useMemo, useOptimistic, useRef, useState, useTransition, type ReactNode } from "react";
import { callApi, type Problem } from "@/components/common/api";
import { usePanelStyles } from "@/components/common/panel-styles";
import { ProblemBar } from "@/components/common/ProblemBar";
import { SuccessNotice } from "@/components/common/SuccessNotice";
import { ProviderIcon } from "@/components/environments/ProviderIcon";
import { FilterDropdown } from "@/components/inventory/InventoryFilters";
import { CommitText, ScanChanges, ScannersCell, ScanProblems, ScanStateBadge, ScanWhen } from "@/components/scans/ScanParts";
import { isActive, SCAN_SOURCE_LABELS, SCAN_STATE_FILTER_LABELS, scanOrigin } from "@/components/scans/scan-labels";
import { appendPage, mergeRefreshed, refreshLimit, type ScanListState } from "@/components/scans/scan-list-merge";
import { hasScanFilters, SCANS_PAGE_SIZE, scansApiUrl, scansHref, type ScanFilters } from "@/components/scans/scans-url";
import { useStopScan } from "@/components/scans/use-stop-scan";
import type { ProviderName } from "@/lib/schemas/connectors";
import { SCAN_STATES, type ScanListPage, type ScanView } from "@/lib/schemas/scans";

/** While a listed scan is queued or running, the list asks again this often. */
export const SCANS_AUTO_REFRESH_MS = 5000;

type ScanRow = ScanListPage["items"][number];

const useStyles = makeStyles({
  filters: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "flex-end",
    gap: "8px 12px",
    padding: "8px 12px 12px",
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  field: { minWidth: "150px", maxWidth: "240px" },
  dropdown: { minWidth: "150px", width: "100%" },
  option: { display: "inline-flex", alignItems: "center", gap: "6px" },
  spacer: { flexGrow: 1 },
  status: { color: tokens.colorNeutralForeground3, display: "flex", alignItems: "center", gap: "8px", paddingBottom: "6px" },
  tableArea: { overflowX: "auto", transitionProperty: "opacity", transitionDuration: tokens.durationNormal },
  busy: { opacity: 0.55 },
  table: { minWidth: "1060px", tableLayout: "auto" },
  header: { verticalAlign: "bottom" },
  cell: { verticalAlign: "top", paddingTop: "8px", paddingBottom: "8px" },
  link: {
    color: tokens.colorBrandForegroundLink,
    textDecorationLine: "none",
    fontWeight: tokens.fontWeightSemibold,
    overflowWrap: "anywhere",
    ":hover": { color: tokens.colorBrandForegroundLinkHover, textDecorationLine: "underline" },
    ":focus-visible": { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: "1px", borderRadius: tokens.borderRadiusSmall },
  },
  stack: { display: "flex", flexDirection: "column", alignItems: "flex-start", gap: "2px", minWidth: 0, overflowWrap: "anywhere" },
  muted: { color: tokens.colorNeutralForeground3 },
  environment: { display: "inline-flex", alignItems: "center", gap: "4px", color: tokens.colorNeutralForeground2, overflowWrap: "anywhere" },
  empty: { display: "flex", flexDirection: "column", alignItems: "center", textAlign: "center", gap: "8px", padding: "40px 24px" },
  emptyTitle: { margin: 0 },
  emptyText: { margin: 0, maxWidth: "560px", color: tokens.colorNeutralForeground2 },
  footer: { display: "flex", justifyContent: "center", padding: "8px", borderTop: `1px solid ${tokens.colorNeutralStroke2}` },
  problems: { margin: "4px 0 0", paddingLeft: "20px" },
});

/** Column widths; the table sizes itself, these keep the short columns short. */
const WIDTHS: Partial<Record<string, string>> = {
  repository: "13%",
  source: "11%",
  state: "100px",
  when: "164px",
  scanners: "18%",
  changes: "112px",
  problems: "19%",
  actions: "76px",
};

export interface ScansListProps {
  /** The filters the server rendered, read from the address. */
  filters: ScanFilters;
  /** The first page for them. */
  initial: ScanListPage;
  /** Parameters of the address that could not be used. */
  problems: string[];
  connectors: { id: string; name: string; provider: ProviderName }[];
  /** Environments where the caller may stop scans (scans.run); the server checks again. */
  stoppableConnectorIds: string[];
}

function SourceCell({ scan }: { scan: ScanRow }) {
  const styles = useStyles();
  return (
    <span className={styles.stack}>
      <Text weight="semibold">{SCAN_SOURCE_LABELS[scan.source]}</Text>
      <Caption1 className={styles.muted}>{scanOrigin(scan)}</Caption1>
      <CommitText scan={scan} />
    </span>
  );
}

const column = createColumnHelper<ScanRow>();
const coreRowModel = getCoreRowModel<ScanRow>();

interface TableMeta {
  now: number | null;
  providerOf: (connectorId: string) => ProviderName | undefined;
  canStop: (scan: ScanRow) => boolean;
  stoppingId: string | null;
  onStop: (scan: ScanRow) => void;
}

function columns(meta: TableMeta, withActions: boolean): ColumnDef<ScanRow, unknown>[] {
  const list: ColumnDef<ScanRow, unknown>[] = [
    column.display({
      id: "repository",
      header: "Repository and environment",
      cell: ({ row }) => <RepositoryCell scan={row.original} provider={meta.providerOf(row.original.connector.id)} />,
    }),
    column.display({ id: "source", header: "Source, trigger and commit", cell: ({ row }) => <SourceCell scan={row.original} /> }),
    column.display({ id: "state", header: "State", cell: ({ row }) => <ScanStateBadge scan={row.original} /> }),
    column.display({ id: "when", header: "Queued and duration", cell: ({ row }) => <ScanWhen scan={row.original} now={meta.now} /> }),
    column.display({ id: "scanners", header: "Scanners and versions", cell: ({ row }) => <ScannersCell scan={row.original} /> }),
    column.display({ id: "changes", header: "Findings", cell: ({ row }) => <ScanChanges scan={row.original} /> }),
    column.display({ id: "problems", header: "Errors and skip reasons", cell: ({ row }) => <ScanProblems scan={row.original} /> }),
  ];
  if (withActions) {
    list.push(
      column.display({
        id: "actions",
        header: "Actions",
        cell: ({ row }) =>
          meta.canStop(row.original) ? (
            <Button
              size="small"
              appearance="subtle"
              icon={meta.stoppingId === row.original.id ? <Spinner size="extra-tiny" /> : <Stop16Regular />}
              disabled={meta.stoppingId !== null}
              aria-label={`Stop the scan of ${row.original.repository.fullName}`}
              onClick={() => meta.onStop(row.original)}
            >
              Stop
            </Button>
          ) : null,
      }),
    );
  }
  return list;
}

function RepositoryCell({ scan, provider }: { scan: ScanRow; provider: ProviderName | undefined }) {
  const styles = useStyles();
  return (
    <span className={styles.stack}>
      <NextLink href={`/inventory/repositories/${encodeURIComponent(scan.repository.id)}`} prefetch={false} className={styles.link}>
        {scan.repository.fullName}
      </NextLink>
      <Caption1 className={styles.environment}>
        {provider ? <ProviderIcon provider={provider} size={12} labelled /> : null}
        {scan.connector.name}
      </Caption1>
    </span>
  );
}

/** A single-choice filter: "All" or one value. */
function SingleFilter({
  label,
  options,
  value,
  onChange,
}: {
  label: string;
  options: { value: string; text: string; icon?: ReactNode }[];
  value: string | undefined;
  onChange: (value: string | undefined) => void;
}) {
  const styles = useStyles();
  const selected = options.find((o) => o.value === value);
  return (
    <Field label={label} size="small" className={styles.field}>
      <Dropdown
        size="small"
        className={styles.dropdown}
        placeholder="All"
        value={selected?.text ?? (value ? `Not found (${value.slice(0, 8)}…)` : "")}
        selectedOptions={[value ?? ""]}
        onOptionSelect={(_e, data) => onChange(data.optionValue ? data.optionValue : undefined)}
      >
        <Option value="" text="All">
          All
        </Option>
        {options.map((o) => (
          <Option key={o.value} value={o.value} text={o.text}>
            <span className={styles.option}>
              {o.icon}
              {o.text}
            </span>
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}

/**
 * Settings → Scans: every scan in the caller's scope, agentless and uploaded, newest
 * first. Filters live in the address (the server renders their first page); "Load more"
 * pages on; while a listed scan is queued or running, the list asks again every few seconds.
 */
export function ScansList({ filters: rendered, initial, problems, connectors, stoppableConnectorIds }: ScansListProps) {
  const styles = useStyles();
  const panel = usePanelStyles();
  const router = useRouter();
  const [navigating, startNavigation] = useTransition();
  const [filters, showFilters] = useOptimistic(rendered);
  const [list, setList] = useState<ScanListState<ScanRow>>(() => ({ items: initial.items, nextCursor: initial.nextCursor }));
  const [loading, setLoading] = useState<"refresh" | "more" | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [now, setNow] = useState<number | null>(null);
  const inFlight = useRef<AbortController | null>(null);
  const stoppable = useMemo(() => new Set(stoppableConnectorIds), [stoppableConnectorIds]);
  const providers = useMemo(() => new Map(connectors.map((c) => [c.id, c.provider])), [connectors]);

  useEffect(
    () => () => {
      inFlight.current?.abort();
    },
    [],
  );

  async function load(kind: "refresh" | "more") {
    if (kind === "more" && !list.nextCursor) return;
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    setLoading(kind);
    const url =
      kind === "more"
        ? scansApiUrl(rendered, { limit: SCANS_PAGE_SIZE, cursor: list.nextCursor })
        : scansApiUrl(rendered, { limit: refreshLimit(list.items.length, SCANS_PAGE_SIZE) });
    const result = await callApi<ScanListPage>("GET", url, undefined, controller.signal).catch(() => null);
    // Aborted: a newer request (or leaving the page) replaced it.
    if (result === null || inFlight.current !== controller) return;
    inFlight.current = null;
    setLoading(null);
    setNow(Date.now());
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    setProblem(null);
    const page = { items: result.data.items, nextCursor: result.data.nextCursor };
    setList((current) => (kind === "more" ? appendPage(current, page) : mergeRefreshed(current, page)));
  }

  const stopScan = useStopScan((scan: ScanView) => {
    setList((current) => ({ ...current, items: current.items.map((s) => (s.id === scan.id ? { ...s, ...scan } : s)) }));
  });

  // Durations of running scans count from the browser's clock, once it is there.
  useEffect(() => {
    const timer = window.setTimeout(() => setNow(Date.now()), 0);
    return () => window.clearTimeout(timer);
  }, []);

  const active = list.items.some(isActive);
  const refreshNow = useEffectEvent(() => {
    if (!document.hidden && inFlight.current === null) void load("refresh");
  });
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(refreshNow, SCANS_AUTO_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [active]);

  function go(next: ScanFilters) {
    startNavigation(() => {
      showFilters(next);
      router.push(scansHref(next), { scroll: false });
    });
  }

  const canStop = (scan: ScanRow) => scan.source === "agentless" && isActive(scan) && !scan.cancelRequested && stoppable.has(scan.connector.id);
  const withActions = list.items.some((s) => s.source === "agentless" && stoppable.has(s.connector.id));
  const meta: TableMeta = { now, providerOf: (id) => providers.get(id), canStop, stoppingId: stopScan.stoppingId, onStop: (scan) => void stopScan.stop(scan) };
  const tableColumns = columns(meta, withActions);

  // Not memoizable by the React Compiler (TanStack returns a mutable instance); this project does not run it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: list.items,
    columns: tableColumns,
    getCoreRowModel: coreRowModel,
    getRowId: (r) => r.id,
    manualPagination: true,
    manualFiltering: true,
    manualSorting: true,
  });

  const filtered = hasScanFilters(rendered);
  const count = list.items.length;

  return (
    <div className={panel.stack}>
      {problems.length > 0 ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Some filters in this address could not be used</MessageBarTitle>
            They are left out.
            <ul className={styles.problems}>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <ProblemBar problem={problem} />
      <ProblemBar problem={stopScan.problem} />
      <SuccessNotice message={stopScan.notice} onDismiss={stopScan.clearNotice} />
      <div className={panel.panel}>
        <div className={styles.filters} role="group" aria-label="Filters">
          <SingleFilter
            label="Source"
            options={(["agentless", "upload"] as const).map((s) => ({ value: s, text: SCAN_SOURCE_LABELS[s] }))}
            value={filters.source}
            onChange={(source) => go({ ...filters, source: source as ScanFilters["source"] })}
          />
          <FilterDropdown
            label="State"
            options={SCAN_STATES.map((s) => ({ value: s, text: SCAN_STATE_FILTER_LABELS[s] }))}
            selected={filters.state ?? []}
            onChange={(state) => go({ ...filters, state: state.length ? state : undefined })}
          />
          <SingleFilter
            label="DevOps environment"
            options={connectors.map((c) => ({ value: c.id, text: c.name, icon: <ProviderIcon provider={c.provider} /> }))}
            value={filters.connector}
            onChange={(connector) => go({ ...filters, connector })}
          />
          {hasScanFilters(filters) ? (
            <Button size="small" appearance="subtle" icon={<FilterDismiss20Regular />} onClick={() => go({})}>
              Clear filters
            </Button>
          ) : null}
          <div className={styles.spacer} />
          <Button size="small" appearance="subtle" icon={<ArrowClockwise20Regular />} disabled={loading !== null} onClick={() => void load("refresh")}>
            Refresh
          </Button>
          <Caption1 className={styles.status} aria-live="polite">
            {navigating || loading === "refresh" ? <Spinner size="extra-tiny" aria-label="Loading" /> : null}
            {count === 1 ? "1 scan" : `${count.toLocaleString("en-US")} scans`}
            {list.nextCursor ? " shown, more to load" : ""}
            {active ? ` · refreshes every ${SCANS_AUTO_REFRESH_MS / 1000} s while a scan is queued or running` : ""}
          </Caption1>
        </div>
        <div className={mergeClasses(styles.tableArea, navigating && styles.busy)} aria-busy={navigating}>
          {count === 0 ? (
            <section className={styles.empty} aria-label={filtered ? "No scans match these filters" : "No scans yet"}>
              <Text as="h2" size={400} weight="semibold" className={styles.emptyTitle}>
                {filtered ? "No scans match these filters" : "No scans yet"}
              </Text>
              <Text as="p" className={styles.emptyText}>
                {filtered
                  ? "Try fewer filters."
                  : "Agentless scans run after discovery finds a repository and then on each environment's schedule; pipelines upload their results with rampart scan --upload or POST /api/v1/scans. Each one is listed here."}
              </Text>
              {filtered ? (
                <Button appearance="primary" icon={<FilterDismiss20Regular />} onClick={() => go({})}>
                  Clear filters
                </Button>
              ) : null}
            </section>
          ) : (
            <Table size="small" aria-label="Scans" className={styles.table}>
              <TableHeader>
                {table.getHeaderGroups().map((group) => (
                  <TableRow key={group.id}>
                    {group.headers.map((header) => (
                      <TableHeaderCell key={header.id} className={styles.header} style={WIDTHS[header.column.id] ? { width: WIDTHS[header.column.id] } : undefined}>
                        {header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext())}
                      </TableHeaderCell>
                    ))}
                  </TableRow>
                ))}
              </TableHeader>
              <TableBody>
                {table.getRowModel().rows.map((row) => (
                  <TableRow key={row.id}>
                    {row.getVisibleCells().map((cell) => (
                      <TableCell key={cell.id} className={styles.cell}>
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </TableCell>
                    ))}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </div>
        {list.nextCursor ? (
          <div className={styles.footer}>
            <Button appearance="secondary" icon={loading === "more" ? <Spinner size="tiny" /> : <ArrowDown16Regular />} disabled={loading !== null} onClick={() => void load("more")}>
              Load more
            </Button>
          </div>
        ) : null}
      </div>
    </div>
  );
}
