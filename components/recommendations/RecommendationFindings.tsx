"use client";

import {
  Button,
  Caption1,
  Checkbox,
  makeStyles,
  mergeClasses,
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
import { ArrowUndo20Regular, ChevronLeft20Regular, ChevronRight20Regular, EyeOff20Regular } from "@fluentui/react-icons";
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable, type ColumnDef, type RowSelectionState } from "@tanstack/react-table";
import NextLink from "next/link";
import { useMemo, useState, type ReactNode } from "react";
import { callApi, type Problem } from "@/components/common/api";
import { ExternalLink } from "@/components/common/ExternalLink";
import { LocalTime } from "@/components/common/LocalTime";
import { ProblemBar } from "@/components/common/ProblemBar";
import { SuccessNotice } from "@/components/common/SuccessNotice";
import { withSearch } from "@/components/common/url-query";
import { useApiData } from "@/components/common/use-api-data";
import { DismissFindingsDialog, type DismissTarget } from "@/components/repository/DismissFindingsDialog";
import { FindingDrawer } from "@/components/repository/FindingDrawer";
import { FindingStatusBadge, SeverityLabel } from "@/components/repository/finding-badges";
import { fileLabel } from "@/components/repository/finding-location";
import { FINDING_TAB_LABELS, FINDING_TABS, type FindingTab } from "@/components/repository/findings-view";
import { plural } from "@/components/repository/labels";
import { useSectionStyles } from "@/components/repository/section-styles";
import { DISMISSAL_REASON_LABELS, type DismissalReasonName, type TriageResult } from "@/lib/schemas/finding-triage";
import type { FindingSearchItem, FindingSearchPage, RecommendationDetail } from "@/lib/schemas/recommendations";
import { DETAIL_PAGE_SIZE, type DetailView } from "./detail-view";
import { scopeParams } from "./recommendations-url";

const useStyles = makeStyles({
  panel: { border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, minWidth: 0 },
  toolbar: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: "4px 8px", padding: "4px 8px", borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  spacer: { flexGrow: 1 },
  count: { color: tokens.colorNeutralForeground3, display: "flex", alignItems: "center", gap: "8px", paddingRight: "4px" },
  tableArea: { overflowX: "auto", transitionProperty: "opacity", transitionDuration: tokens.durationNormal },
  busy: { opacity: 0.55 },
  // Fits the console at 1024 pixels wide; narrower windows scroll it.
  table: { minWidth: "660px", tableLayout: "auto" },
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
  link: {
    color: tokens.colorBrandForegroundLink,
    textDecorationLine: "none",
    overflowWrap: "anywhere",
    ":hover": { color: tokens.colorBrandForegroundLinkHover, textDecorationLine: "underline" },
    ":focus-visible": { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: "1px", borderRadius: tokens.borderRadiusSmall },
  },
  muted: { color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
  path: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: "anywhere" },
  empty: { display: "flex", flexDirection: "column", alignItems: "center", textAlign: "center", gap: "8px", padding: "32px 24px" },
  emptyText: { margin: 0, maxWidth: "520px", color: tokens.colorNeutralForeground2 },
  footer: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: "8px 12px", padding: "8px 12px", borderTop: `1px solid ${tokens.colorNeutralStroke2}` },
  range: { color: tokens.colorNeutralForeground2, fontVariantNumeric: "tabular-nums" },
  loading: { display: "flex", justifyContent: "center", padding: "32px" },
});

const OPEN_STATUSES = new Set(["NEW", "REOPENED", "ACTIVE"]);
const isOpen = (f: FindingSearchItem) => OPEN_STATUSES.has(f.status);
const isDismissed = (f: FindingSearchItem) => f.status === "DISMISSED";

const WIDTHS: Partial<Record<string, string>> = { select: "1%", rule: "38%", severity: "88px", location: "30%", firstSeen: "96px", status: "104px" };

const EMPTY: Record<FindingTab, string> = {
  open: "No open findings: every repository in view is clear of them.",
  dismissed: "No dismissed findings.",
  fixed: "No fixed findings yet: a finding is fixed when the latest scan of its tool no longer reports it.",
  all: "No scan or upload has reported findings of this kind on the repositories in view.",
};

function RuleCell({ f, onOpen }: { f: FindingSearchItem; onOpen: (id: string) => void }) {
  const styles = useStyles();
  return (
    <span className={styles.stack}>
      <Button appearance="transparent" size="small" className={styles.ruleButton} onClick={() => onOpen(f.id)}>
        {f.title}
      </Button>
      <Caption1 className={styles.muted}>
        {f.ruleId} · {f.tool}
      </Caption1>
    </span>
  );
}

/** The repository (its health page) and, below it, the file at the line (in the provider, a new tab). */
function LocationCell({ f }: { f: FindingSearchItem }) {
  const styles = useStyles();
  const label = fileLabel(f);
  return (
    <span className={styles.stack}>
      <NextLink href={`/inventory/repositories/${encodeURIComponent(f.repository.id)}`} prefetch={false} className={styles.link} title={f.repository.fullName}>
        {f.repository.name}
      </NextLink>
      {label ? <span className={styles.path}>{f.fileUrl ? <ExternalLink href={f.fileUrl}>{label}</ExternalLink> : label}</span> : <Caption1 className={styles.muted}>No file given</Caption1>}
    </span>
  );
}

function StatusCell({ f }: { f: FindingSearchItem }) {
  const styles = useStyles();
  return (
    <span className={styles.stack}>
      <FindingStatusBadge status={f.status} />
      {f.dismissal ? <Caption1 className={styles.muted}>{DISMISSAL_REASON_LABELS[f.dismissal.reason]}</Caption1> : null}
    </span>
  );
}

const column = createColumnHelper<FindingSearchItem>();

function columnsFor(onOpen: (id: string) => void, selectable: boolean): ColumnDef<FindingSearchItem, unknown>[] {
  const columns = [
    column.accessor("title", { id: "rule", header: "Rule", cell: ({ row }) => <RuleCell f={row.original} onOpen={onOpen} /> }),
    column.accessor("severity", { id: "severity", header: "Severity", cell: ({ row }) => <SeverityLabel severity={row.original.severity} /> }),
    column.accessor((f) => f.repository.name, { id: "location", header: "Repository and file", cell: ({ row }) => <LocationCell f={row.original} /> }),
    column.accessor("firstSeenAt", { id: "firstSeen", header: "First seen", cell: ({ row }) => <LocalTime iso={row.original.firstSeenAt} format="relative" /> }),
    column.accessor("status", { id: "status", header: "Status", cell: ({ row }) => <StatusCell f={row.original} /> }),
  ] as ColumnDef<FindingSearchItem, unknown>[];
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
      row.getCanSelect() ? (
        <Checkbox
          aria-label={`Select ${row.original.title} in ${row.original.repository.name}${fileLabel(row.original) ? `, ${fileLabel(row.original)}` : ""}`}
          checked={row.getIsSelected()}
          onChange={(_e, d) => row.toggleSelected(d.checked === true)}
        />
      ) : null,
  });
  return [select as ColumnDef<FindingSearchItem, unknown>, ...columns];
}

const coreRowModel = getCoreRowModel<FindingSearchItem>();

function FindingsTable({
  rows,
  onOpen,
  selectable,
  selection,
  onSelectionChange,
}: {
  rows: FindingSearchItem[];
  onOpen: (id: string) => void;
  selectable: boolean;
  selection: RowSelectionState;
  onSelectionChange: (s: RowSelectionState) => void;
}) {
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

/**
 * The findings a findings recommendation is about, across every repository in view (GET
 * /api/v1/findings?recommendation=…): by state, a page at a time, each opening in the
 * finding side panel; for callers who may triage, selection with Dismiss and Reopen.
 */
export function RecommendationFindings({
  detail,
  view,
  show,
  version,
  onChanged,
}: {
  detail: RecommendationDetail;
  view: DetailView;
  show: (next: DetailView) => void;
  version: number;
  onChanged: () => void;
}) {
  const section = useSectionStyles();
  const styles = useStyles();
  const restoreFocus = useRestoreFocusTarget();
  const params = scopeParams(view.scope);
  params.set("recommendation", detail.id);
  params.set("state", view.findings);
  params.set("limit", String(DETAIL_PAGE_SIZE));
  params.set("offset", String((view.findingsPage - 1) * DETAIL_PAGE_SIZE));
  const listKey = params.toString();
  const { data: page, stale, problem: loadProblem, loading, retry } = useApiData<FindingSearchPage>(withSearch("/api/v1/findings", params), { version });
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [selectionKey, setSelectionKey] = useState(`${listKey}|${version}`);
  if (selectionKey !== `${listKey}|${version}`) {
    setSelectionKey(`${listKey}|${version}`);
    setSelection({});
  }
  const [dismissing, setDismissing] = useState<DismissTarget[] | null>(null);
  const [reopening, setReopening] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const rows = page?.items ?? [];
  const triage = detail.actions.triage;
  const selected = rows.filter((r) => selection[r.id]);
  const toDismiss = selected.filter(isOpen);
  const toReopen = selected.filter(isDismissed);

  function changed(message: string) {
    setNotice(message);
    setProblem(null);
    setSelection({});
    onChanged();
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
    changed(`Reopened ${plural(result.data.count, "finding")}.`);
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
    body = <FindingsTable rows={rows} onOpen={(id) => show({ ...view, finding: id })} selectable={triage} selection={selection} onSelectionChange={setSelection} />;
  } else if (page.total > 0) {
    body = (
      <div className={styles.empty}>
        <Text as="p" className={styles.emptyText}>
          This page has no findings any more.
        </Text>
        <Button onClick={() => show({ ...view, findingsPage: 1 })}>Go to the first page</Button>
      </div>
    );
  } else {
    body = (
      <div className={styles.empty}>
        <Text as="p" className={styles.emptyText}>
          {EMPTY[view.findings]}
        </Text>
      </div>
    );
  }

  const first = page && page.total > 0 ? page.offset + 1 : 0;
  const last = page ? page.offset + rows.length : 0;

  return (
    <section className={section.section} aria-labelledby="recommendation-findings-heading">
      <div className={section.headingRow}>
        <Text as="h2" id="recommendation-findings-heading" size={500} weight="semibold" className={section.heading}>
          Findings
        </Text>
        <Caption1 className={section.muted}>{plural(detail.openFindings, "open finding")}</Caption1>
      </div>
      <SuccessNotice message={notice} onDismiss={() => setNotice(null)} />
      <ProblemBar problem={problem ?? loadProblem} />
      <div className={styles.panel}>
        <div className={styles.toolbar}>
          <TabList size="small" selectedValue={view.findings} onTabSelect={(_e, d) => show({ ...view, findings: d.value as FindingTab, findingsPage: 1 })} aria-label="Finding state">
            {FINDING_TABS.map((t) => (
              <Tab key={t} value={t}>
                {FINDING_TAB_LABELS[t]}
              </Tab>
            ))}
          </TabList>
          <div className={styles.spacer} />
          {triage && view.findings !== "dismissed" && view.findings !== "fixed" ? (
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
          {triage && (view.findings === "dismissed" || view.findings === "all") ? (
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
            {stale ? <Spinner size="extra-tiny" aria-label="Loading" /> : null}
            {page ? plural(page.total, "finding") : ""}
          </Caption1>
        </div>
        <div className={mergeClasses(styles.tableArea, stale && styles.busy)} aria-busy={loading}>
          {body}
        </div>
        {page && page.total > DETAIL_PAGE_SIZE ? (
          <nav className={styles.footer} aria-label="Finding pages">
            <div className={styles.spacer} />
            <Text className={styles.range}>
              {first.toLocaleString("en-US")}–{last.toLocaleString("en-US")} of {page.total.toLocaleString("en-US")}
            </Text>
            <Button size="small" icon={<ChevronLeft20Regular />} disabled={view.findingsPage <= 1} onClick={() => show({ ...view, findingsPage: view.findingsPage - 1 })}>
              Previous page
            </Button>
            <Button size="small" icon={<ChevronRight20Regular />} iconPosition="after" disabled={last >= page.total} onClick={() => show({ ...view, findingsPage: view.findingsPage + 1 })}>
              Next page
            </Button>
          </nav>
        ) : null}
      </div>
      {loadProblem ? (
        <div>
          <Button size="small" onClick={retry}>
            Try again
          </Button>
        </div>
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
