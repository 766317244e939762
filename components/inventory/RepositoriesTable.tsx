"use client";

import {
  Badge,
  Caption1,
  Checkbox,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from "@fluentui/react-components";
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable, type ColumnDef, type SortingState, type Updater, type VisibilityState } from "@tanstack/react-table";
import NextLink from "next/link";
import { useMemo } from "react";
import { LocalTime } from "@/components/common/LocalTime";
import type { InventorySort, RepositoryRow } from "@/lib/schemas/inventory";
import { isSortColumn, OPTIONAL_COLUMN_LABELS, OPTIONAL_COLUMNS, type OptionalColumn } from "./inventory-url";
import { EnvironmentCell } from "./EnvironmentCell";
import { FindingsCell } from "./FindingsCell";
import type { RowSelection } from "./ConfigurePrAnnotations";
import { AdvancedSecurityBadge, PrAnnotationBadge } from "./StatusBadges";

const useStyles = makeStyles({
  // Fluent's tables are fixed-layout; this one sizes its columns to their content.
  table: { minWidth: "880px", tableLayout: "auto" },
  cell: { verticalAlign: "top", paddingTop: "8px", paddingBottom: "8px" },
  header: { verticalAlign: "bottom" },
  name: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: "4px 8px", minWidth: 0 },
  link: {
    color: tokens.colorBrandForegroundLink,
    textDecorationLine: "none",
    fontWeight: tokens.fontWeightSemibold,
    overflowWrap: "anywhere",
    ":hover": { color: tokens.colorBrandForegroundLinkHover, textDecorationLine: "underline" },
    ":focus-visible": { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: "1px", borderRadius: tokens.borderRadiusSmall },
  },
  stack: { display: "flex", flexDirection: "column", gap: "2px", minWidth: 0, overflowWrap: "anywhere" },
  muted: { color: tokens.colorNeutralForeground3 },
  removedRow: { color: tokens.colorNeutralForeground3 },
});

/** Column widths: the table sizes itself, but these keep statuses from squeezing the name. */
const WIDTHS: Partial<Record<string, string>> = {
  name: "22%",
  environment: "17%",
  advancedSecurity: "17%",
  prAnnotations: "12%",
  findings: "80px",
  select: "1%",
  lastPush: "112px",
};

function Dash({ title }: { title: string }) {
  const styles = useStyles();
  return (
    <span className={styles.muted} title={title}>
      —
    </span>
  );
}

function NameCell({ r }: { r: RepositoryRow }) {
  const styles = useStyles();
  return (
    <span className={styles.name}>
      {/* The repository's health page; no prefetch, a page of rows would fetch them all. */}
      <NextLink href={`/inventory/repositories/${encodeURIComponent(r.id)}`} prefetch={false} className={styles.link} title={r.fullName}>
        {r.name}
      </NextLink>
      {r.archived ? (
        <Badge size="small" appearance="outline" color="informative">
          Archived
        </Badge>
      ) : null}
      {r.removedAt ? (
        <Badge size="small" appearance="outline" color="danger" title={`Not found by discovery since ${r.removedAt.slice(0, 10)}`}>
          Removed
        </Badge>
      ) : null}
    </span>
  );
}

function WrappedText({ text }: { text: string }) {
  const styles = useStyles();
  return <span className={styles.stack}>{text}</span>;
}

function SubscriptionCell({ r }: { r: RepositoryRow }) {
  const styles = useStyles();
  return (
    <span className={styles.stack}>
      <Text>{r.subscription.name}</Text>
      <Caption1 className={styles.muted}>{r.resourceGroup.name}</Caption1>
    </span>
  );
}

const column = createColumnHelper<RepositoryRow>();

/** Columns as seed 002 lists them, with the optional ones in between; ids are the server's sort keys. */
const COLUMNS = [
  column.accessor("name", { id: "name", header: "Name", cell: ({ row }) => <NameCell r={row.original} /> }),
  column.accessor((r) => r.connector.name, { id: "environment", header: "DevOps environment", cell: ({ row }) => <EnvironmentCell provider={row.original.provider} connectorName={row.original.connector.name} /> }),
  column.accessor("organization", { id: "organization", header: OPTIONAL_COLUMN_LABELS.organization, cell: ({ getValue }) => <WrappedText text={getValue()} /> }),
  column.accessor((r) => r.projectPath ?? "", {
    id: "project",
    header: OPTIONAL_COLUMN_LABELS.project,
    enableSorting: false,
    cell: ({ row }) => (row.original.projectPath ? <WrappedText text={row.original.projectPath} /> : <Dash title="None" />),
  }),
  column.accessor((r) => r.subscription.name, { id: "subscription", header: OPTIONAL_COLUMN_LABELS.subscription, cell: ({ row }) => <SubscriptionCell r={row.original} /> }),
  column.accessor("advancedSecurity", {
    id: "advancedSecurity",
    header: "Advanced security status",
    cell: ({ row }) => <AdvancedSecurityBadge status={row.original.advancedSecurity} off={row.original.advancedSecurityOff} />,
  }),
  column.accessor("prAnnotations", {
    id: "prAnnotations",
    header: "Pull request annotation status",
    cell: ({ row }) => <PrAnnotationBadge status={row.original.prAnnotations} categories={row.original.prAnnotationCategories} minimumSeverity={row.original.prAnnotationMinSeverity} />,
  }),
  column.accessor((r) => r.findings.total, {
    id: "findings",
    header: "Findings",
    // Most findings first is what one looks for.
    sortDescFirst: true,
    cell: ({ row }) => <FindingsCell counts={row.original.findings} />,
  }),
  column.accessor((r) => r.lastPushAt ?? "", {
    id: "lastPush",
    header: OPTIONAL_COLUMN_LABELS.lastPush,
    // Newest first is what one looks for.
    sortDescFirst: true,
    cell: ({ row }) => (row.original.lastPushAt ? <LocalTime iso={row.original.lastPushAt} format="relative" /> : <Dash title="Unknown" />),
  }),
  column.accessor((r) => r.lastScanAt ?? "", {
    id: "lastScan",
    header: OPTIONAL_COLUMN_LABELS.lastScan,
    enableSorting: false,
    cell: ({ row }) => (row.original.lastScanAt ? <LocalTime iso={row.original.lastScanAt} format="relative" /> : <Dash title="Not scanned yet" />),
  }),
];

/** Row selection (configuring PR annotations): only rows the caller may configure have a checkbox; the header's selects this page's. */
const SELECT_COLUMN = column.display({
  id: "select",
  header: ({ table }) => (
    <Checkbox
      aria-label="Select every Azure DevOps repository on this page"
      disabled={!table.getRowModel().rows.some((r) => r.getCanSelect())}
      checked={table.getIsAllPageRowsSelected() ? true : table.getIsSomePageRowsSelected() ? "mixed" : false}
      onChange={(_e, d) => table.toggleAllPageRowsSelected(d.checked === true)}
    />
  ),
  cell: ({ row }) =>
    row.getCanSelect() ? <Checkbox aria-label={`Select ${row.original.fullName}`} checked={row.getIsSelected()} onChange={(_e, d) => row.toggleSelected(d.checked === true)} /> : null,
});

const coreRowModel = getCoreRowModel<RepositoryRow>();

export interface RepositoriesTableProps {
  rows: RepositoryRow[];
  sort: InventorySort;
  dir: "asc" | "desc";
  cols: OptionalColumn[];
  onSort: (sort: InventorySort, dir: "asc" | "desc") => void;
  /** Rows may be selected (to configure PR annotations). */
  selection?: RowSelection;
}

/**
 * One page of repositories. TanStack Table keeps the column model; sorting, filtering
 * and paging are the server's (manual), so a header click only asks for a new URL.
 */
export function RepositoriesTable({ rows, sort, dir, cols, onSort, selection }: RepositoriesTableProps) {
  const styles = useStyles();
  const sorting: SortingState = useMemo(() => [{ id: sort, desc: dir === "desc" }], [sort, dir]);
  const columnVisibility: VisibilityState = useMemo(() => Object.fromEntries(OPTIONAL_COLUMNS.map((c) => [c, cols.includes(c)])), [cols]);
  const selectable = selection !== undefined;
  const columns = useMemo(() => (selectable ? [SELECT_COLUMN as ColumnDef<RepositoryRow, unknown>, ...COLUMNS] : COLUMNS), [selectable]);

  // Not memoizable by the React Compiler (TanStack returns a mutable instance); this
  // project does not run the compiler.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: rows,
    columns,
    getCoreRowModel: coreRowModel,
    getRowId: (r) => r.id,
    state: { sorting, columnVisibility, rowSelection: selection?.rowSelection ?? {} },
    enableRowSelection: (row) => selection?.canSelect(row.original) ?? false,
    onRowSelectionChange: selection?.onRowSelectionChange,
    manualSorting: true,
    manualFiltering: true,
    manualPagination: true,
    enableMultiSort: false,
    enableSortingRemoval: false,
    sortDescFirst: false,
    onSortingChange: (updater: Updater<SortingState>) => {
      const next = typeof updater === "function" ? updater(sorting) : updater;
      const first = next[0];
      if (first && isSortColumn(first.id)) onSort(first.id, first.desc ? "desc" : "asc");
    },
  });

  return (
    <Table size="small" aria-label="Repositories" className={styles.table}>
      <TableHeader>
        {table.getHeaderGroups().map((group) => (
          <TableRow key={group.id}>
            {group.headers.map((header) => {
              const canSort = header.column.getCanSort() && isSortColumn(header.column.id);
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
          <TableRow key={row.id} className={row.original.removedAt ? styles.removedRow : undefined} appearance={row.getIsSelected() ? "brand" : undefined}>
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
