"use client";

import { Caption1, makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, tokens } from "@fluentui/react-components";
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable, type SortingState, type Updater } from "@tanstack/react-table";
import NextLink from "next/link";
import { useMemo } from "react";
import { ProviderIcon } from "@/components/environments/ProviderIcon";
import { SeverityLabel } from "@/components/repository/finding-badges";
import { resourceTypeLabel } from "@/lib/recommendations/catalog";
import { PROVIDER_LABELS, type ProviderName } from "@/lib/schemas/connectors";
import { RECOMMENDATION_SORTS, type RecommendationScopeQuery, type RecommendationSort, type RecommendationSummary } from "@/lib/schemas/recommendations";
import { AssessmentStateBadge, KindBadge } from "./recommendation-badges";
import { defaultDirection, recommendationHref } from "./recommendations-url";

const useStyles = makeStyles({
  // Fits the console at 1024 pixels wide; narrower windows scroll it.
  table: { minWidth: "700px", tableLayout: "auto" },
  cell: { verticalAlign: "top", paddingTop: "8px", paddingBottom: "8px" },
  header: { verticalAlign: "bottom" },
  name: { display: "flex", flexDirection: "column", alignItems: "flex-start", gap: "4px", minWidth: 0 },
  link: {
    color: tokens.colorBrandForegroundLink,
    textDecorationLine: "none",
    fontWeight: tokens.fontWeightSemibold,
    overflowWrap: "anywhere",
    ":hover": { color: tokens.colorBrandForegroundLinkHover, textDecorationLine: "underline" },
    ":focus-visible": { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: "1px", borderRadius: tokens.borderRadiusSmall },
  },
  provider: { display: "inline-flex", alignItems: "center", gap: "6px", whiteSpace: "nowrap" },
  meta: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: "4px 8px" },
  muted: { color: tokens.colorNeutralForeground3 },
  number: { fontVariantNumeric: "tabular-nums", whiteSpace: "nowrap" },
  unhealthy: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorPaletteRedForeground1 },
});

const WIDTHS: Partial<Record<string, string>> = { severity: "96px", provider: "136px", unhealthy: "112px", findings: "84px", state: "120px" };

function isSort(id: string): id is RecommendationSort {
  return (RECOMMENDATION_SORTS as readonly string[]).includes(id);
}

function NameCell({ r, scope }: { r: RecommendationSummary; scope: RecommendationScopeQuery }) {
  const styles = useStyles();
  return (
    <span className={styles.name}>
      <NextLink href={recommendationHref(r.id, scope)} prefetch={false} className={styles.link}>
        {r.title}
      </NextLink>
      <span className={styles.meta}>
        <KindBadge kind={r.kind} />
        <Caption1 className={styles.muted}>{resourceTypeLabel(r.resourceType, r.provider, true)}</Caption1>
      </span>
    </span>
  );
}

export function ProviderCell({ provider }: { provider: ProviderName }) {
  const styles = useStyles();
  return (
    <span className={styles.provider}>
      <ProviderIcon provider={provider} />
      {PROVIDER_LABELS[provider]}
    </span>
  );
}

function ResourcesCell({ r }: { r: RecommendationSummary }) {
  const styles = useStyles();
  const noun = resourceTypeLabel(r.resourceType, r.provider, true).toLowerCase();
  return (
    <span className={styles.number} aria-label={`${r.resources.unhealthy} unhealthy of ${r.resources.total} ${noun}`}>
      <span className={r.resources.unhealthy > 0 ? styles.unhealthy : undefined}>{r.resources.unhealthy.toLocaleString("en-US")}</span>
      <span className={styles.muted}> / {r.resources.total.toLocaleString("en-US")}</span>
    </span>
  );
}

const column = createColumnHelper<RecommendationSummary>();

function columnsFor(scope: RecommendationScopeQuery) {
  return [
    column.accessor("title", { id: "title", header: "Recommendation", cell: ({ row }) => <NameCell r={row.original} scope={scope} /> }),
    column.accessor("severity", { id: "severity", header: "Severity", sortDescFirst: true, cell: ({ row }) => <SeverityLabel severity={row.original.severity} /> }),
    column.accessor("provider", {
      id: "provider",
      header: "DevOps environment",
      cell: ({ row }) => <ProviderCell provider={row.original.provider} />,
    }),
    column.accessor((r) => r.resources.unhealthy, { id: "unhealthy", header: "Affected resources", sortDescFirst: true, cell: ({ row }) => <ResourcesCell r={row.original} /> }),
    column.accessor("openFindings", {
      id: "findings",
      header: "Open findings",
      sortDescFirst: true,
      cell: ({ row }) =>
        row.original.kind === "FINDINGS" ? (
          <span>{row.original.openFindings.toLocaleString("en-US")}</span>
        ) : (
          <span title="Posture recommendations judge settings, not findings" aria-label="Not applicable">
            —
          </span>
        ),
    }),
    column.accessor("state", { id: "state", header: "State", enableSorting: false, cell: ({ row }) => <AssessmentStateBadge state={row.original.state} /> }),
  ];
}

const coreRowModel = getCoreRowModel<RecommendationSummary>();

/**
 * The recommendations in view. TanStack Table keeps the column model; sorting and
 * filtering are the server's, so a header click only asks for a new URL.
 */
export function RecommendationsTable({
  rows,
  sort,
  dir,
  scope,
  onSort,
}: {
  rows: RecommendationSummary[];
  sort: RecommendationSort;
  dir: "asc" | "desc";
  scope: RecommendationScopeQuery;
  onSort: (sort: RecommendationSort, dir: "asc" | "desc") => void;
}) {
  const styles = useStyles();
  const sorting: SortingState = useMemo(() => [{ id: sort, desc: dir === "desc" }], [sort, dir]);
  const columns = useMemo(() => columnsFor(scope), [scope]);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack returns a mutable instance; this project does not run the React Compiler.
  const table = useReactTable({
    data: rows,
    columns,
    getCoreRowModel: coreRowModel,
    getRowId: (r) => r.id,
    state: { sorting },
    manualSorting: true,
    manualFiltering: true,
    manualPagination: true,
    enableMultiSort: false,
    enableSortingRemoval: false,
    sortDescFirst: false,
    onSortingChange: (updater: Updater<SortingState>) => {
      const next = typeof updater === "function" ? updater(sorting) : updater;
      const first = next[0];
      if (!first || !isSort(first.id)) return;
      // A new column starts in its natural order; the same column flips.
      const direction = first.id === sort ? (dir === "asc" ? "desc" : "asc") : defaultDirection(first.id);
      onSort(first.id, direction);
    },
  });

  return (
    <Table size="small" aria-label="Recommendations" className={styles.table}>
      <TableHeader>
        {table.getHeaderGroups().map((group) => (
          <TableRow key={group.id}>
            {group.headers.map((header) => {
              const canSort = header.column.getCanSort() && isSort(header.column.id);
              const sorted = header.column.getIsSorted();
              return (
                <TableHeaderCell
                  key={header.id}
                  className={styles.header}
                  style={WIDTHS[header.column.id] ? { width: WIDTHS[header.column.id] } : undefined}
                  sortable={canSort}
                  sortDirection={canSort ? (sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined) : undefined}
                  onClick={canSort ? header.column.getToggleSortingHandler() : undefined}
                >
                  {header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext())}
                </TableHeaderCell>
              );
            })}
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
  );
}
