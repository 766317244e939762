"use client";

import {
  Button,
  Caption1,
  Checkbox,
  Field,
  makeStyles,
  Select,
  Spinner,
  Tab,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  TabList,
  Text,
  tokens,
  useRestoreFocusTarget,
} from "@fluentui/react-components";
import { ArrowUndo20Regular, ChevronLeft20Regular, ChevronRight20Regular, EyeOff20Regular, FilterDismiss20Regular } from "@fluentui/react-icons";
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable, type ColumnDef, type RowSelectionState } from "@tanstack/react-table";
import { useRouter } from "next/navigation";
import { useMemo, useState, type ReactNode } from "react";
import { callApi, type Problem } from "@/components/common/api";
import { ExternalLink } from "@/components/common/ExternalLink";
import { LocalTime } from "@/components/common/LocalTime";
import { ProblemBar } from "@/components/common/ProblemBar";
import { SuccessNotice } from "@/components/common/SuccessNotice";
import { useApiGet } from "@/components/environments/use-api-get";
import { FilterDropdown } from "@/components/inventory/InventoryFilters";
import {
  DISMISSAL_REASON_LABELS,
  FINDINGS_PAGE_SIZES,
  type DismissalReasonName,
  type FindingListItem,
  type FindingListPage,
  type TriageResult,
} from "@/lib/schemas/finding-triage";
import { FINDING_TYPE_LABELS, FINDING_TYPES, SEVERITIES, SEVERITY_LABELS } from "@/lib/schemas/findings";
import { DismissFindingsDialog, type DismissTarget } from "./DismissFindingsDialog";
import { FindingDrawer } from "./FindingDrawer";
import { FindingStatusBadge, SeverityLabel } from "./finding-badges";
import { fileLabel } from "./finding-location";
import { FINDING_TAB_LABELS, FINDING_TABS, findingsQuery, useFindingsView, type FindingsView } from "./findings-view";
import { plural } from "./labels";
import { useSectionStyles } from "./section-styles";

/**
 * The repository's findings (seed 002's health page lists them by severity): tabs by
 * state, filters, one page at a time from the API, each finding opening in a side panel;
 * for callers who may triage here, row selection with Dismiss and Reopen.
 */

const useStyles = makeStyles({
  panel: { border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, minWidth: 0 },
  toolbar: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: "8px", padding: "4px 8px", borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  filters: { display: "flex", flexWrap: "wrap", alignItems: "flex-end", gap: "8px 12px", padding: "8px 12px 12px", borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  spacer: { flexGrow: 1 },
  count: { color: tokens.colorNeutralForeground3, display: "flex", alignItems: "center", gap: "8px", paddingRight: "4px" },
  tableArea: { overflowX: "auto", transitionProperty: "opacity", transitionDuration: tokens.durationNormal },
  busy: { opacity: 0.55 },
  table: { minWidth: "860px", tableLayout: "auto" },
  cell: { verticalAlign: "top", paddingTop: "8px", paddingBottom: "8px" },
  stack: { display: "flex", flexDirection: "column", alignItems: "flex-start", gap: "2px", minWidth: 0 },
  ruleButton: {
    padding: 0,
    minWidth: 0,
    height: "auto",
    textAlign: "left",
    justifyContent: "flex-start",
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorBrandForegroundLink,
    overflowWrap: "anywhere",
    ":hover": { textDecorationLine: "underline", color: tokens.colorBrandForegroundLinkHover },
  },
  muted: { color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
  path: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: "anywhere" },
  empty: { display: "flex", flexDirection: "column", alignItems: "center", textAlign: "center", gap: "8px", padding: "32px 24px" },
  emptyText: { margin: 0, maxWidth: "520px", color: tokens.colorNeutralForeground2 },
  footer: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: "8px 12px", padding: "8px 12px", borderTop: `1px solid ${tokens.colorNeutralStroke2}` },
  pageSize: { display: "flex", alignItems: "center", gap: "8px" },
  range: { color: tokens.colorNeutralForeground2, fontVariantNumeric: "tabular-nums" },
  loading: { display: "flex", justifyContent: "center", padding: "32px" },
});

const OPEN_STATUSES = new Set(["NEW", "REOPENED", "ACTIVE"]);
const isOpen = (f: FindingListItem) => OPEN_STATUSES.has(f.status);
const isDismissed = (f: FindingListItem) => f.status === "DISMISSED";

const WIDTHS: Partial<Record<string, string>> = { select: "1%", severity: "96px", status: "112px", rule: "34%", file: "24%", tool: "10%", firstSeen: "104px" };

function RuleCell({ f, onOpen }: { f: FindingListItem; onOpen: (id: string) => void }) {
  const styles = useStyles();
  return (
    <span className={styles.stack}>
      <Button appearance="transparent" size="small" className={styles.ruleButton} onClick={() => onOpen(f.id)}>
        {f.title}
      </Button>
      <Caption1 className={styles.muted}>{f.ruleId}</Caption1>
    </span>
  );
}

function FileCell({ f }: { f: FindingListItem }) {
  const styles = useStyles();
  const label = fileLabel(f);
  if (!label) return <span className={styles.muted}>—</span>;
  return <span className={styles.path}>{f.fileUrl ? <ExternalLink href={f.fileUrl}>{label}</ExternalLink> : label}</span>;
}

function StatusCell({ f }: { f: FindingListItem }) {
  const styles = useStyles();
  return (
    <span className={styles.stack}>
      <FindingStatusBadge status={f.status} />
      {f.dismissal ? <Caption1 className={styles.muted}>{DISMISSAL_REASON_LABELS[f.dismissal.reason]}</Caption1> : null}
    </span>
  );
}

const column = createColumnHelper<FindingListItem>();

function columnsFor(onOpen: (id: string) => void, selectable: boolean): ColumnDef<FindingListItem, unknown>[] {
  const columns = [
    column.accessor("severity", { id: "severity", header: "Severity", cell: ({ row }) => <SeverityLabel severity={row.original.severity} /> }),
    column.accessor("status", { id: "status", header: "Status", cell: ({ row }) => <StatusCell f={row.original} /> }),
    column.accessor("title", { id: "rule", header: "Rule", cell: ({ row }) => <RuleCell f={row.original} onOpen={onOpen} /> }),
    column.accessor("path", { id: "file", header: "File", cell: ({ row }) => <FileCell f={row.original} /> }),
    column.accessor("tool", { id: "tool", header: "Tool", cell: ({ row }) => row.original.tool }),
    column.accessor("firstSeenAt", { id: "firstSeen", header: "First seen", cell: ({ row }) => <LocalTime iso={row.original.firstSeenAt} format="relative" /> }),
  ] as ColumnDef<FindingListItem, unknown>[];
  if (!selectable) return columns;
  const select = column.display({
    id: "select",
    header: ({ table }) => (
      <Checkbox
        aria-label="Select every finding on this page"
        disabled={!table.getRowModel().rows.some((r) => r.getCanSelect())}
        checked={table.getIsAllPageRowsSelected() ? true : table.getIsSomePageRowsSelected() ? "mixed" : false}
        onChange={(_e, d) => table.toggleAllPageRowsSelected(d.checked === true)}
      />
    ),
    cell: ({ row }) =>
      row.getCanSelect() ? <Checkbox aria-label={`Select ${row.original.title} in ${fileLabel(row.original) ?? "the repository"}`} checked={row.getIsSelected()} onChange={(_e, d) => row.toggleSelected(d.checked === true)} /> : null,
  });
  return [select as ColumnDef<FindingListItem, unknown>, ...columns];
}

const coreRowModel = getCoreRowModel<FindingListItem>();

function FindingsTable({ rows, onOpen, selection, onSelectionChange, selectable }: { rows: FindingListItem[]; onOpen: (id: string) => void; selection: RowSelectionState; onSelectionChange: (s: RowSelectionState) => void; selectable: boolean }) {
  const styles = useStyles();
  const columns = useMemo(() => columnsFor(onOpen, selectable), [onOpen, selectable]);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack returns a mutable instance; this project does not run the React Compiler.
  const table = useReactTable({
    data: rows,
    columns,
    getCoreRowModel: coreRowModel,
    getRowId: (r) => r.id,
    state: { rowSelection: selection },
    enableRowSelection: (row) => selectable && (isOpen(row.original) || isDismissed(row.original)),
    onRowSelectionChange: (updater) => onSelectionChange(typeof updater === "function" ? updater(selection) : updater),
    manualPagination: true,
    manualFiltering: true,
    manualSorting: true,
  });
  return (
    <Table size="small" aria-label="Findings" className={styles.table}>
      <TableHeader>
        {table.getHeaderGroups().map((group) => (
          <TableRow key={group.id}>
            {group.headers.map((header) => (
              <TableHeaderCell key={header.id} style={WIDTHS[header.column.id] ? { width: WIDTHS[header.column.id] } : undefined}>
                {header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext())}
              </TableHeaderCell>
            ))}
          </TableRow>
        ))}
      </TableHeader>
      <TableBody>
        {table.getRowModel().rows.map((row) => (
          <TableRow key={row.id} appearance={row.getIsSelected() ? "brand" : undefined}>
            {row.getVisibleCells().map((cell) => (
              <TableCell key={cell.id} className={styles.cell}>
                {flexRender(cell.column.columnDef.cell, cell.getContext())}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

const EMPTY: Record<FindingsView["tab"], { title: string; text: string }> = {
  open: { title: "No open findings", text: "Findings arrive from agentless scans and SARIF uploads. Dismissed and fixed ones are under their own tabs." },
  dismissed: { title: "No dismissed findings", text: "Findings dismissed as false positives, accepted risks or won't fix show here until reopened or until their dismissal expires." },
  fixed: { title: "No fixed findings", text: "A finding is fixed when the latest scan of its tool no longer reports it." },
  all: { title: "No findings", text: "No scan or upload has reported a finding on this repository yet." },
};

export function RepositoryFindings({ repositoryId, triage }: { repositoryId: string; triage: boolean }) {
  const section = useSectionStyles();
  const styles = useStyles();
  const router = useRouter();
  const restoreFocus = useRestoreFocusTarget();
  const [view, show] = useFindingsView();
  // Bumped after a change: the list and the open finding are read again.
  const [version, setVersion] = useState(0);
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [dismissing, setDismissing] = useState<DismissTarget[] | null>(null);
  const [reopening, setReopening] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const query = findingsQuery(view);
  const listKey = query.toString();
  const { data, problem: loadProblem, loading, retry } = useApiGet<FindingListPage>(`/api/v1/repositories/${encodeURIComponent(repositoryId)}/findings?${listKey}&v=${version}`);
  // The previous page stays on screen (dimmed) while the next one loads.
  const [shown, setShown] = useState<FindingListPage | null>(null);
  if (data && data !== shown) setShown(data);
  // Another list (tab, filter, page) is another selection.
  const [selectionKey, setSelectionKey] = useState(listKey);
  if (selectionKey !== listKey) {
    setSelectionKey(listKey);
    setSelection({});
  }

  const page = data ?? shown;
  const rows = page?.items ?? [];
  const selected = rows.filter((r) => selection[r.id]);
  const toDismiss = selected.filter(isOpen);
  const toReopen = selected.filter(isDismissed);
  const filtered = view.severity.length > 0 || view.type.length > 0 || view.tool !== null;

  function change(next: Partial<FindingsView>) {
    show({ ...view, page: 1, ...next });
  }

  function changed(message: string) {
    setNotice(message);
    setProblem(null);
    setSelection({});
    setVersion((v) => v + 1);
    // The health page's counts (Open findings, recommendations) come from the server.
    router.refresh();
  }

  async function reopen(targets: { id: string }[]) {
    setReopening(true);
    setNotice(null);
    const result = await callApi<TriageResult>("POST", "/api/v1/findings/reopen", { findingIds: targets.map((t) => t.id) });
    setReopening(false);
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    const fixed = result.data.findings.filter((f) => f.state === "FIXED").length;
    changed(`Reopened ${plural(result.data.count, "finding")}${fixed ? ` (${fixed} fixed since: the latest scan no longer reports ${fixed === 1 ? "it" : "them"})` : ""}.`);
  }

  function dismissed(result: TriageResult, reason: DismissalReasonName) {
    setDismissing(null);
    changed(`Dismissed ${plural(result.count, "finding")} as ${DISMISSAL_REASON_LABELS[reason].toLowerCase()}.`);
  }

  let body: ReactNode;
  if (!page) {
    body = loading ? (
      <div className={styles.loading}>
        <Spinner size="small" label="Loading findings" />
      </div>
    ) : null;
  } else if (rows.length > 0) {
    body = <FindingsTable rows={rows} onOpen={(id) => show({ ...view, finding: id })} selection={selection} onSelectionChange={setSelection} selectable={triage} />;
  } else if (filtered) {
    body = (
      <div className={styles.empty}>
        <Text weight="semibold">No findings match these filters</Text>
        <Button icon={<FilterDismiss20Regular />} onClick={() => change({ severity: [], type: [], tool: null })}>
          Clear filters
        </Button>
      </div>
    );
  } else if (page.total > 0) {
    body = (
      <div className={styles.empty}>
        <Text as="p" className={styles.emptyText}>
          This page has no findings any more.
        </Text>
        <Button onClick={() => change({})}>Go to the first page</Button>
      </div>
    );
  } else {
    body = (
      <div className={styles.empty}>
        <Text weight="semibold">{EMPTY[view.tab].title}</Text>
        <Text as="p" className={styles.emptyText}>
          {EMPTY[view.tab].text}
        </Text>
      </div>
    );
  }

  const first = page && page.total > 0 ? page.offset + 1 : 0;
  const last = page ? page.offset + rows.length : 0;
  const sizes = FINDINGS_PAGE_SIZES as readonly number[];

  return (
    <section className={section.section} aria-labelledby="findings-list-heading">
      <Text as="h2" id="findings-list-heading" size={500} weight="semibold" className={section.heading}>
        Findings
      </Text>
      <SuccessNotice message={notice} onDismiss={() => setNotice(null)} />
      <ProblemBar problem={problem ?? loadProblem} />
      <div className={styles.panel}>
        <div className={styles.toolbar}>
          <TabList size="small" selectedValue={view.tab} onTabSelect={(_e, d) => change({ tab: d.value as FindingsView["tab"] })} aria-label="Finding state">
            {FINDING_TABS.map((t) => (
              <Tab key={t} value={t}>
                {FINDING_TAB_LABELS[t]}
              </Tab>
            ))}
          </TabList>
          <div className={styles.spacer} />
          {triage && view.tab !== "dismissed" ? (
            <Button
                size="small"
                appearance="subtle"
                icon={<EyeOff20Regular />}
                disabled={toDismiss.length === 0}
                title={toDismiss.length === 0 ? "Select open findings first" : undefined}
                {...restoreFocus}
                onClick={() => {
                  setNotice(null);
                  setDismissing(toDismiss.map((f) => ({ id: f.id, title: f.title })));
                }}
              >
                Dismiss{toDismiss.length ? ` (${toDismiss.length})` : ""}
            </Button>
          ) : null}
          {triage && (view.tab === "dismissed" || view.tab === "all") ? (
            <Button
              size="small"
              appearance="subtle"
              icon={reopening ? <Spinner size="extra-tiny" /> : <ArrowUndo20Regular />}
              disabled={toReopen.length === 0 || reopening}
              title={toReopen.length === 0 ? "Select dismissed findings first" : undefined}
              onClick={() => void reopen(toReopen)}
            >
              Reopen{toReopen.length ? ` (${toReopen.length})` : ""}
            </Button>
          ) : null}
          <Caption1 className={styles.count} aria-live="polite">
            {loading && page ? <Spinner size="extra-tiny" aria-label="Loading" /> : null}
            {page ? plural(page.total, "finding") : ""}
          </Caption1>
        </div>
        <div className={styles.filters} role="group" aria-label="Finding filters">
          <FilterDropdown label="Severity" options={SEVERITIES.map((s) => ({ value: s, text: SEVERITY_LABELS[s] }))} selected={view.severity} onChange={(severity) => change({ severity })} />
          <FilterDropdown label="Type" options={FINDING_TYPES.map((t) => ({ value: t, text: FINDING_TYPE_LABELS[t] }))} selected={view.type} onChange={(type) => change({ type })} />
          {page && (page.tools.length > 1 || view.tool) ? (
            <FilterDropdown
              label="Tool"
              options={page.tools.map((t) => ({ value: t, text: t }))}
              selected={view.tool ? [view.tool] : []}
              onChange={(tools) => change({ tool: tools.find((t) => t !== view.tool) ?? null })}
            />
          ) : null}
        </div>
        <div className={loading && page ? `${styles.tableArea} ${styles.busy}` : styles.tableArea} aria-busy={loading}>
          {body}
        </div>
        {page && page.total > 0 ? (
          <nav className={styles.footer} aria-label="Finding pages">
            <Field label="Per page" orientation="horizontal" size="small" className={styles.pageSize}>
              <Select size="small" value={String(view.size)} onChange={(_, d) => change({ size: Number(d.value) })}>
                {sizes.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </Select>
            </Field>
            <div className={styles.spacer} />
            <Text className={styles.range}>
              {first.toLocaleString("en-US")}–{last.toLocaleString("en-US")} of {page.total.toLocaleString("en-US")}
            </Text>
            <Button size="small" icon={<ChevronLeft20Regular />} disabled={view.page <= 1} onClick={() => show({ ...view, page: view.page - 1 })}>
              Previous page
            </Button>
            <Button size="small" icon={<ChevronRight20Regular />} iconPosition="after" disabled={last >= page.total} onClick={() => show({ ...view, page: view.page + 1 })}>
              Next page
            </Button>
          </nav>
        ) : null}
      </div>
      {loadProblem ? (
        <Button size="small" onClick={retry}>
          Try again
        </Button>
      ) : null}
      {dismissing ? <DismissFindingsDialog findings={dismissing} onClose={() => setDismissing(null)} onDismissed={dismissed} /> : null}
      <FindingDrawer
        findingId={view.finding}
        version={version}
        reopening={reopening}
        onClose={() => show({ ...view, finding: null })}
        onDismiss={(f) => {
          setNotice(null);
          setDismissing([{ id: f.id, title: f.title }]);
        }}
        onReopen={(f) => void reopen([f])}
      />
    </section>
  );
}
