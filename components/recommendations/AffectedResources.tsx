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
import { ArrowUndo20Regular, ChevronLeft20Regular, ChevronRight20Regular, ShieldDismiss20Regular } from "@fluentui/react-icons";
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable, type ColumnDef, type RowSelectionState } from "@tanstack/react-table";
import NextLink from "next/link";
import { useMemo, useState, type ReactNode } from "react";
import { callApi, type Problem } from "@/components/common/api";
import { ConfirmDialog } from "@/components/common/ConfirmDialog";
import { ExternalLink } from "@/components/common/ExternalLink";
import { LocalTime } from "@/components/common/LocalTime";
import { ProblemBar } from "@/components/common/ProblemBar";
import { SuccessNotice } from "@/components/common/SuccessNotice";
import { withSearch } from "@/components/common/url-query";
import { useApiData } from "@/components/common/use-api-data";
import { plural } from "@/components/repository/labels";
import { useSectionStyles } from "@/components/repository/section-styles";
import { ASSESSMENT_STATE_LABELS, resourceTypeLabel } from "@/lib/recommendations/catalog";
import {
  EXEMPTION_REASON_LABELS,
  type AssessedResource,
  type ExemptionReasonName,
  type ExemptionResult,
  type RecommendationDetail,
  type RecommendationResourcesPage,
  type ResourceStateFilter,
} from "@/lib/schemas/recommendations";
import { DETAIL_PAGE_SIZE, type DetailView } from "./detail-view";
import { ExemptResourcesDialog, type ExemptTarget } from "./ExemptResourcesDialog";
import { AssessmentStateBadge } from "./recommendation-badges";
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
  stack: { display: "flex", flexDirection: "column", alignItems: "flex-start", gap: "2px", minWidth: 0, overflowWrap: "anywhere" },
  link: {
    color: tokens.colorBrandForegroundLink,
    textDecorationLine: "none",
    fontWeight: tokens.fontWeightSemibold,
    overflowWrap: "anywhere",
    ":hover": { color: tokens.colorBrandForegroundLinkHover, textDecorationLine: "underline" },
    ":focus-visible": { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: "1px", borderRadius: tokens.borderRadiusSmall },
  },
  name: { fontWeight: tokens.fontWeightSemibold, overflowWrap: "anywhere" },
  muted: { color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
  number: { fontVariantNumeric: "tabular-nums" },
  empty: { display: "flex", flexDirection: "column", alignItems: "center", textAlign: "center", gap: "8px", padding: "32px 24px" },
  emptyText: { margin: 0, maxWidth: "520px", color: tokens.colorNeutralForeground2 },
  footer: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: "8px 12px", padding: "8px 12px", borderTop: `1px solid ${tokens.colorNeutralStroke2}` },
  range: { color: tokens.colorNeutralForeground2, fontVariantNumeric: "tabular-nums" },
  loading: { display: "flex", justifyContent: "center", padding: "32px" },
});

const TABS: { value: ResourceStateFilter; label: string; count: (r: RecommendationDetail["resources"]) => number }[] = [
  { value: "unhealthy", label: ASSESSMENT_STATE_LABELS.UNHEALTHY, count: (r) => r.unhealthy },
  { value: "healthy", label: ASSESSMENT_STATE_LABELS.HEALTHY, count: (r) => r.healthy },
  { value: "not-applicable", label: ASSESSMENT_STATE_LABELS.NOT_APPLICABLE, count: (r) => r.notApplicable },
  { value: "exempt", label: ASSESSMENT_STATE_LABELS.EXEMPT, count: (r) => r.exempt },
  { value: "all", label: "All", count: (r) => r.total },
];

const EMPTY: Record<ResourceStateFilter, string> = {
  unhealthy: "No resource is unhealthy.",
  healthy: "No resource is healthy.",
  "not-applicable": "The recommendation applies to every resource.",
  exempt: "No resource is exempt.",
  all: "No resource in view is judged by this recommendation.",
};

const WIDTHS: Partial<Record<string, string>> = { select: "1%", name: "30%", state: "112px", findings: "80px", exemption: "22%" };

function NameCell({ r, noun }: { r: AssessedResource; noun: string }) {
  const styles = useStyles();
  let name: ReactNode;
  if (r.repositoryId) {
    name = (
      <NextLink href={`/inventory/repositories/${encodeURIComponent(r.repositoryId)}`} prefetch={false} className={styles.link} title={`Open the health page of ${r.fullName}`}>
        {r.name}
      </NextLink>
    );
  } else if (r.url) {
    name = <ExternalLink href={r.url}>{r.name}</ExternalLink>;
  } else {
    name = <span className={styles.name}>{r.name}</span>;
  }
  return (
    <span className={styles.stack}>
      {name}
      <Caption1 className={styles.muted}>
        {noun} · {r.fullName}
      </Caption1>
      <Caption1 className={styles.muted}>{r.connector.name}</Caption1>
    </span>
  );
}

function StateCell({ r }: { r: AssessedResource }) {
  const styles = useStyles();
  return (
    <span className={styles.stack}>
      <AssessmentStateBadge state={r.state} />
      {r.state === "EXEMPT" ? <Caption1 className={styles.muted}>Evaluated {ASSESSMENT_STATE_LABELS[r.evaluatedState].toLowerCase()}</Caption1> : null}
    </span>
  );
}

function ExemptionCell({ r }: { r: AssessedResource }) {
  const styles = useStyles();
  const e = r.exemption;
  if (!e) return <span className={styles.muted}>—</span>;
  return (
    <span className={styles.stack}>
      <Text weight="semibold">{EXEMPTION_REASON_LABELS[e.reason]}</Text>
      <Caption1 className={styles.muted}>
        {e.by ?? "Someone"}, <LocalTime iso={e.at} format="date" />
      </Caption1>
      <Caption1 className={styles.muted}>
        {e.expiresAt ? (
          <>
            Expires <LocalTime iso={e.expiresAt} format="date" />
          </>
        ) : (
          "No expiry"
        )}
      </Caption1>
      {e.comment ? <Caption1>{e.comment}</Caption1> : null}
    </span>
  );
}

const column = createColumnHelper<AssessedResource>();

function columnsFor(detail: RecommendationDetail, selectable: boolean): ColumnDef<AssessedResource, unknown>[] {
  const columns = [
    column.accessor("name", { id: "name", header: "Name", cell: ({ row }) => <NameCell r={row.original} noun={resourceTypeLabel(row.original.resourceType, detail.provider)} /> }),
    column.accessor("state", { id: "state", header: "State", cell: ({ row }) => <StateCell r={row.original} /> }),
    column.accessor("reason", { id: "reason", header: "Reason", cell: ({ getValue }) => getValue() }),
    ...(detail.kind === "FINDINGS" ? [column.accessor("openFindings", { id: "findings", header: "Open findings", cell: ({ getValue }) => getValue().toLocaleString("en-US") })] : []),
    column.accessor((r) => r.exemption?.reason ?? "", { id: "exemption", header: "Exemption", cell: ({ row }) => <ExemptionCell r={row.original} /> }),
  ] as ColumnDef<AssessedResource, unknown>[];
  if (!selectable) return columns;
  const select = column.display({
    id: "select",
    header: ({ table }) => (
      <Checkbox
        aria-label="Select every resource on this page"
        disabled={!table.getRowModel().rows.some((r) => r.getCanSelect())}
        checked={table.getIsAllPageRowsSelected() ? true : table.getIsSomePageRowsSelected() ? "mixed" : false}
        onChange={(_e, d) => table.toggleAllPageRowsSelected(d.checked === true)}
      />
    ),
    cell: ({ row }) => (row.getCanSelect() ? <Checkbox aria-label={`Select ${row.original.fullName}`} checked={row.getIsSelected()} onChange={(_e, d) => row.toggleSelected(d.checked === true)} /> : null),
  });
  return [select as ColumnDef<AssessedResource, unknown>, ...columns];
}

const coreRowModel = getCoreRowModel<AssessedResource>();

function ResourcesTable({
  rows,
  detail,
  selectable,
  selection,
  onSelectionChange,
}: {
  rows: AssessedResource[];
  detail: RecommendationDetail;
  selectable: boolean;
  selection: RowSelectionState;
  onSelectionChange: (s: RowSelectionState) => void;
}) {
  const styles = useStyles();
  const columns = useMemo(() => columnsFor(detail, selectable), [detail, selectable]);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack returns a mutable instance; this project does not run the React Compiler.
  const table = useReactTable({
    data: rows,
    columns,
    getCoreRowModel: coreRowModel,
    getRowId: (r) => r.resourceId,
    state: { rowSelection: selection },
    enableRowSelection: (row) => selectable && row.original.actions.triage,
    onRowSelectionChange: (updater) => onSelectionChange(typeof updater === "function" ? updater(selection) : updater),
    manualPagination: true,
    manualFiltering: true,
    manualSorting: true,
  });
  return (
    <Table size="small" aria-label="Affected resources" className={styles.table}>
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
 * The resources a recommendation judges, by state, a page at a time; for callers who may
 * triage, selection with Exempt and Remove exemption.
 */
export function AffectedResources({
  detail,
  view,
  show,
  version,
  onChanged,
}: {
  detail: RecommendationDetail;
  view: DetailView;
  show: (next: DetailView) => void;
  /** Changes after a triage, to read the page again. */
  version: number;
  /** A change of state: the page's counts are read again. */
  onChanged: () => void;
}) {
  const section = useSectionStyles();
  const styles = useStyles();
  const restoreFocus = useRestoreFocusTarget();
  const tab: ResourceStateFilter = view.resources ?? (detail.resources.unhealthy > 0 ? "unhealthy" : "all");
  const params = scopeParams(view.scope);
  params.set("state", tab);
  params.set("limit", String(DETAIL_PAGE_SIZE));
  params.set("offset", String((view.resourcesPage - 1) * DETAIL_PAGE_SIZE));
  const listKey = params.toString();
  const { data: page, stale, problem: loadProblem, loading, retry } = useApiData<RecommendationResourcesPage>(withSearch(`/api/v1/recommendations/${encodeURIComponent(detail.id)}/resources`, params), { version });
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [selectionKey, setSelectionKey] = useState(`${listKey}|${version}`);
  if (selectionKey !== `${listKey}|${version}`) {
    setSelectionKey(`${listKey}|${version}`);
    setSelection({});
  }
  const [exempting, setExempting] = useState<ExemptTarget[] | null>(null);
  const [removing, setRemoving] = useState<ExemptTarget[] | null>(null);
  const [removeBusy, setRemoveBusy] = useState(false);
  const [removeProblem, setRemoveProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const rows = page?.items ?? [];
  const selectable = detail.actions.triage && rows.some((r) => r.actions.triage);
  const selected = rows.filter((r) => selection[r.resourceId]);
  const toExempt = selected.filter((r) => r.state !== "EXEMPT");
  const toRemove = selected.filter((r) => r.state === "EXEMPT");
  const noun = resourceTypeLabel(detail.resourceType, detail.provider).toLowerCase();
  const nouns = resourceTypeLabel(detail.resourceType, detail.provider, true).toLowerCase();

  function changed(message: string) {
    setNotice(message);
    setSelection({});
    onChanged();
  }

  function exempted(result: ExemptionResult, reason: ExemptionReasonName) {
    setExempting(null);
    changed(`Exempted ${plural(result.count, noun, nouns)} as ${EXEMPTION_REASON_LABELS[reason].toLowerCase()}.`);
  }

  async function removeExemptions() {
    if (!removing) return;
    setRemoveBusy(true);
    setRemoveProblem(null);
    const result = await callApi<ExemptionResult>("POST", `/api/v1/recommendations/${encodeURIComponent(detail.id)}/exemptions/remove`, { resourceIds: removing.map((r) => r.id) });
    setRemoveBusy(false);
    if (!result.ok) {
      setRemoveProblem(result.problem);
      return;
    }
    setRemoving(null);
    changed(`Removed the exemption of ${plural(result.data.count, noun, nouns)}: the recommendation judges ${result.data.count === 1 ? "it" : "them"} again.`);
  }

  let body: ReactNode;
  if (!page) {
    body = loading ? (
      <div className={styles.loading}>
        <Spinner size="small" label="Loading resources" />
      </div>
    ) : null;
  } else if (rows.length > 0) {
    body = <ResourcesTable rows={rows} detail={detail} selectable={selectable} selection={selection} onSelectionChange={setSelection} />;
  } else if (page.total > 0) {
    body = (
      <div className={styles.empty}>
        <Text as="p" className={styles.emptyText}>
          This page has no resources any more.
        </Text>
        <Button onClick={() => show({ ...view, resourcesPage: 1 })}>Go to the first page</Button>
      </div>
    );
  } else {
    body = (
      <div className={styles.empty}>
        <Text as="p" className={styles.emptyText}>
          {EMPTY[tab]}
        </Text>
      </div>
    );
  }

  const first = page && page.total > 0 ? page.offset + 1 : 0;
  const last = page ? page.offset + rows.length : 0;

  return (
    <section className={section.section} aria-labelledby="resources-heading">
      <div className={section.headingRow}>
        <Text as="h2" id="resources-heading" size={500} weight="semibold" className={section.heading}>
          Affected resources
        </Text>
        <Caption1 className={section.muted}>
          {detail.resources.unhealthy.toLocaleString("en-US")} of {plural(detail.resources.total, noun, nouns)} unhealthy
        </Caption1>
      </div>
      <SuccessNotice message={notice} onDismiss={() => setNotice(null)} />
      <ProblemBar problem={loadProblem} />
      <div className={styles.panel}>
        <div className={styles.toolbar}>
          <TabList size="small" selectedValue={tab} onTabSelect={(_e, d) => show({ ...view, resources: d.value as ResourceStateFilter, resourcesPage: 1 })} aria-label="Resource state">
            {TABS.map((t) => (
              <Tab key={t.value} value={t.value}>
                {t.label} ({t.count(detail.resources).toLocaleString("en-US")})
              </Tab>
            ))}
          </TabList>
          <div className={styles.spacer} />
          {selectable ? (
            <>
              <Button
                size="small"
                appearance="subtle"
                icon={<ShieldDismiss20Regular />}
                disabled={toExempt.length === 0}
                title={toExempt.length === 0 ? "Select resources that are not exempt first" : undefined}
                {...restoreFocus}
                onClick={() => {
                  setNotice(null);
                  setExempting(toExempt.map((r) => ({ id: r.resourceId, name: r.fullName })));
                }}
              >
                Exempt{toExempt.length ? ` (${toExempt.length})` : ""}
              </Button>
              <Button
                size="small"
                appearance="subtle"
                icon={<ArrowUndo20Regular />}
                disabled={toRemove.length === 0}
                title={toRemove.length === 0 ? "Select exempt resources first" : undefined}
                {...restoreFocus}
                onClick={() => {
                  setNotice(null);
                  setRemoveProblem(null);
                  setRemoving(toRemove.map((r) => ({ id: r.resourceId, name: r.fullName })));
                }}
              >
                Remove exemption{toRemove.length ? ` (${toRemove.length})` : ""}
              </Button>
            </>
          ) : null}
          <Caption1 className={styles.count} aria-live="polite">
            {stale ? <Spinner size="extra-tiny" aria-label="Loading" /> : null}
            {page ? plural(page.total, noun, nouns) : ""}
          </Caption1>
        </div>
        <div className={mergeClasses(styles.tableArea, stale && styles.busy)} aria-busy={loading}>
          {body}
        </div>
        {page && page.total > DETAIL_PAGE_SIZE ? (
          <nav className={styles.footer} aria-label="Resource pages">
            <div className={styles.spacer} />
            <Text className={styles.range}>
              {first.toLocaleString("en-US")}–{last.toLocaleString("en-US")} of {page.total.toLocaleString("en-US")}
            </Text>
            <Button size="small" icon={<ChevronLeft20Regular />} disabled={view.resourcesPage <= 1} onClick={() => show({ ...view, resourcesPage: view.resourcesPage - 1 })}>
              Previous page
            </Button>
            <Button size="small" icon={<ChevronRight20Regular />} iconPosition="after" disabled={last >= page.total} onClick={() => show({ ...view, resourcesPage: view.resourcesPage + 1 })}>
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
      {exempting ? (
        <ExemptResourcesDialog recommendationId={detail.id} recommendationTitle={detail.title} resources={exempting} noun={noun} onClose={() => setExempting(null)} onExempted={exempted} />
      ) : null}
      <ConfirmDialog
        open={removing !== null}
        title={removing?.length === 1 ? "Remove the exemption?" : `Remove ${removing?.length ?? 0} exemptions?`}
        confirmLabel="Remove exemption"
        busy={removeBusy}
        problem={removeProblem}
        onConfirm={() => void removeExemptions()}
        onCancel={() => setRemoving(null)}
      >
        {removing?.length === 1 ? `“${removing[0]!.name}”` : `These ${plural(removing?.length ?? 0, noun, nouns)}`} will be judged by “{detail.title}” again, and count as unhealthy if{" "}
        {removing?.length === 1 ? "it does" : "they do"} not meet it.
      </ConfirmDialog>
    </section>
  );
}
