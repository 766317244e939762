"use client";

import {
  Button,
  Caption1,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  SearchBox,
  Select,
  Spinner,
  Text,
  ToggleButton,
  tokens,
} from "@fluentui/react-components";
import { ArrowDownload20Regular, ChevronLeft20Regular, ChevronRight20Regular, FilterDismiss20Regular, TextBulletListTree20Regular, TableSimple20Regular } from "@fluentui/react-icons";
import { useRouter } from "next/navigation";
import { useEffect, useEffectEvent, useOptimistic, useState, useTransition, type ReactNode } from "react";
import { usePanelStyles } from "@/components/common/panel-styles";
import { INVENTORY_PAGE_SIZES, type InventoryPage, type InventorySort, type RepositoryGroupList } from "@/lib/schemas/inventory";
import { GroupedRepositories } from "./GroupedRepositories";
import { ColumnPicker } from "./ColumnPicker";
import { usePrAnnotationsConfiguration } from "./ConfigurePrAnnotations";
import { InventoryFilters, type FilterChange, type FilterOptions } from "./InventoryFilters";
import {
  clearedFilters,
  exportHref,
  filterParams,
  firstPage,
  hasFilters,
  inventoryHref,
  isPreviousPageOf,
  LIST_FILTERS,
  type InventoryView,
  type OptionalColumn,
} from "./inventory-url";
import { RepositoriesTable } from "./RepositoriesTable";

const useStyles = makeStyles({
  toolbar: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: "8px",
    padding: "8px 12px",
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  search: { width: "300px", maxWidth: "100%" },
  viewSwitch: { display: "inline-flex", gap: "2px" },
  spacer: { flexGrow: 1 },
  tableArea: { overflowX: "auto", transitionProperty: "opacity", transitionDuration: tokens.durationNormal },
  busy: { opacity: 0.55 },
  footer: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: "8px 12px",
    padding: "8px 12px",
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  pageSize: { display: "flex", alignItems: "center", gap: "8px" },
  pageNumber: { color: tokens.colorNeutralForeground2, fontVariantNumeric: "tabular-nums" },
  empty: {
    display: "flex",
    flexDirection: "column",
    alignItems: "center",
    textAlign: "center",
    gap: "8px",
    padding: "48px 24px",
  },
  emptyTitle: { margin: 0 },
  emptyText: { margin: 0, maxWidth: "520px", color: tokens.colorNeutralForeground2 },
  problems: { margin: "4px 0 0", paddingLeft: "20px" },
});

const count = new Intl.NumberFormat("en-US");

export function repositoryCount(n: number): string {
  return `${count.format(n)} ${n === 1 ? "repository" : "repositories"}`;
}

export interface InventoryGridProps {
  /** The view the server rendered, read from the URL. */
  view: InventoryView;
  /** The flat view's page; in the grouped view, only its total. */
  data: InventoryPage;
  /** The grouped view's first level (organizations and top-level groups). */
  groups?: RepositoryGroupList;
  options: FilterOptions;
  /** Parameters of the URL that could not be used (their defaults were). */
  problems: string[];
  /** Azure DevOps environments where the caller may configure PR annotations (none: no row selection). */
  prAnnotationConnectors?: string[];
}

/** The minimal Navigation API (Chromium; recent Firefox and Safari) used to look one entry back. */
interface NavigationLike {
  currentEntry: { index: number } | null;
  entries(): { url: string | null }[];
}

/** The URL of the history entry before this one, when the browser can tell. */
function previousEntryUrl(): URL | null {
  const navigation = (window as unknown as { navigation?: NavigationLike }).navigation;
  const index = navigation?.currentEntry?.index;
  if (!navigation || index === undefined || index < 1) return null;
  const url = navigation.entries()[index - 1]?.url;
  return url ? new URL(url) : null;
}

/**
 * The flat inventory: a toolbar (search, columns, export, count), the filters, one page
 * of repositories and the pager. Everything is in the URL: a change pushes a new URL and
 * the server renders its first page; the view shows the change at once (optimistic) and
 * dims the rows until they arrive.
 */
export function InventoryGrid({ view: rendered, data, groups, options, problems, prAnnotationConnectors = [] }: InventoryGridProps) {
  const styles = useStyles();
  const panel = usePanelStyles();
  const router = useRouter();
  const [navigating, startNavigation] = useTransition();
  const [view, showView] = useOptimistic(rendered);
  const prAnnotations = usePrAnnotationsConfiguration({ connectorIds: prAnnotationConnectors, rows: data.items, viewKey: inventoryHref(rendered) });

  // The search box: typed text, sent 300 ms after the last keystroke. `sentQ` is the
  // search this box last put in the URL: when the server renders that URL, what was
  // typed since stays; any other new search (Back, a link) replaces the text.
  const [text, setText] = useState(rendered.query.q ?? "");
  const [sentQ, setSentQ] = useState(rendered.query.q);
  const [renderedQ, setRenderedQ] = useState(rendered.query.q);
  if (rendered.query.q !== renderedQ) {
    setRenderedQ(rendered.query.q);
    if (rendered.query.q !== sentQ) {
      setSentQ(rendered.query.q);
      setText(rendered.query.q ?? "");
    }
  }

  function go(next: InventoryView, { scroll = false }: { scroll?: boolean } = {}) {
    startNavigation(() => {
      showView(next);
      router.push(inventoryHref(next), { scroll });
    });
  }

  function search(value: string) {
    const q = value.trim() || undefined;
    if (q === sentQ) return;
    setSentQ(q);
    go(firstPage({ ...view, query: { ...view.query, q } }));
  }
  const searchLater = useEffectEvent(search);
  useEffect(() => {
    const timer = setTimeout(() => searchLater(text), 300);
    return () => clearTimeout(timer);
  }, [text]);

  function filter(change: FilterChange) {
    const query = { ...view.query, ...change };
    for (const key of LIST_FILTERS) if (query[key]?.length === 0) delete query[key];
    if (!query.includeRemoved) delete query.includeRemoved;
    go(firstPage({ ...view, query }));
  }

  function clearFilters() {
    setText("");
    setSentQ(undefined);
    go(clearedFilters(view));
  }

  function sortBy(sort: InventorySort, dir: "asc" | "desc") {
    go(firstPage({ ...view, query: { ...view.query, sort, dir } }));
  }

  function showColumns(cols: OptionalColumn[]) {
    // Same rows, so the page stays.
    go({ ...view, cols });
  }

  function nextPage() {
    if (!data.nextCursor) return;
    go({ ...view, query: { ...view.query, cursor: data.nextCursor }, page: view.page + 1 }, { scroll: true });
  }

  function previousPage() {
    if (view.page <= 1) return;
    // Keyset paging has no way back but the browser's: when the entry before this one
    // is the previous page of the same view, go back to it; otherwise to the first page.
    const previous = previousEntryUrl();
    if (previous && isPreviousPageOf(previous, view)) router.back();
    else go(firstPage(view), { scroll: true });
  }

  const sizes: number[] = (INVENTORY_PAGE_SIZES as readonly number[]).includes(view.query.limit)
    ? [...INVENTORY_PAGE_SIZES]
    : [...INVENTORY_PAGE_SIZES, view.query.limit].sort((a, b) => a - b);

  // What is shown below the filters follows the rows the server sent.
  const filtered = hasFilters(rendered.query);
  const nothingMatches = data.total === 0 && filtered;
  const canClear = hasFilters(view.query) || Boolean(view.query.includeRemoved);

  let body: ReactNode;
  if (rendered.grouped && groups && groups.items.length > 0) {
    // A new query is a new tree: opened nodes close.
    body = <GroupedRepositories key={filterParams(rendered.query).toString()} groups={groups.items} query={rendered.query} />;
  } else if (!rendered.grouped && data.items.length > 0) {
    body = <RepositoriesTable rows={data.items} sort={view.query.sort} dir={view.query.dir} cols={view.cols} onSort={sortBy} selection={prAnnotations.selection} />;
  } else if (nothingMatches) {
    body = (
      <section className={styles.empty} aria-label="No repositories match these filters">
        <Text as="h2" size={400} weight="semibold" className={styles.emptyTitle}>
          No repositories match these filters
        </Text>
        <Text as="p" className={styles.emptyText}>
          Try another search or fewer filters{rendered.query.includeRemoved ? "" : ", or turn on Show removed to include repositories discovery no longer finds"}.
        </Text>
        <Button appearance="primary" icon={<FilterDismiss20Regular />} onClick={clearFilters}>
          Clear filters
        </Button>
      </section>
    );
  } else if (data.total === 0) {
    body = (
      <section className={styles.empty} aria-label="No repositories discovered yet">
        <Text as="h2" size={400} weight="semibold" className={styles.emptyTitle}>
          No repositories discovered yet
        </Text>
        <Text as="p" className={styles.emptyText}>
          Discovery lists every repository of your connected environments here. It runs when an environment is connected and
          every 8 hours; Environment settings shows how the last one went, and Refresh runs it again.
        </Text>
        <Button appearance="secondary" onClick={() => router.push("/environments")}>
          Go to Environment settings
        </Button>
      </section>
    );
  } else {
    // A page past the end (the rows changed since its link was made).
    body = (
      <section className={styles.empty} aria-label="This page is empty">
        <Text as="p" className={styles.emptyText}>
          This page has no repositories any more.
        </Text>
        <Button appearance="primary" onClick={() => go(firstPage(view), { scroll: true })}>
          Go to the first page
        </Button>
      </section>
    );
  }

  return (
    <div className={panel.stack}>
      {problems.length > 0 ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Some settings in this address could not be used</MessageBarTitle>
            The defaults are shown instead.
            <ul className={styles.problems}>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {prAnnotations.notice}
      {prAnnotations.dialog}
      <div className={panel.panel}>
        <div className={styles.toolbar}>
          <SearchBox
            size="small"
            className={styles.search}
            aria-label="Search repositories"
            placeholder="Search by name, organization, project or group"
            value={text}
            onChange={(_, data) => setText(data.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") search(text);
            }}
          />
          <div role="group" aria-label="View" className={styles.viewSwitch}>
            <ToggleButton size="small" appearance="subtle" icon={<TableSimple20Regular />} checked={!view.grouped} onClick={() => !view.grouped || go(firstPage({ ...view, grouped: false }))}>
              Flat
            </ToggleButton>
            <ToggleButton size="small" appearance="subtle" icon={<TextBulletListTree20Regular />} checked={view.grouped} onClick={() => view.grouped || go(firstPage({ ...view, grouped: true }))}>
              Grouped
            </ToggleButton>
          </div>
          {view.grouped ? null : <ColumnPicker visible={view.cols} onChange={showColumns} />}
          <Button as="a" size="small" appearance="subtle" icon={<ArrowDownload20Regular />} href={exportHref(view.query)} download>
            Export CSV
          </Button>
          {prAnnotations.button}
          <div className={styles.spacer} />
          <Caption1 className={panel.count} aria-live="polite">
            {navigating ? <Spinner size="extra-tiny" aria-label="Loading" /> : null}
            {repositoryCount(data.total)}
          </Caption1>
        </div>
        <InventoryFilters query={view.query} options={options} onChange={filter} onClear={clearFilters} showClear={!nothingMatches} canClear={canClear} />
        <div className={navigating ? `${styles.tableArea} ${styles.busy}` : styles.tableArea} aria-busy={navigating}>
          {body}
        </div>
        {!rendered.grouped && (data.total > 0 || view.page > 1) ? (
          <nav className={styles.footer} aria-label="Pages">
            <Field label="Per page" orientation="horizontal" size="small" className={styles.pageSize}>
              <Select
                size="small"
                value={String(view.query.limit)}
                onChange={(_, d) => go(firstPage({ ...view, query: { ...view.query, limit: Number(d.value) } }))}
              >
                {sizes.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </Select>
            </Field>
            <div className={styles.spacer} />
            <Text className={styles.pageNumber} aria-live="polite">
              Page {count.format(view.page)}
            </Text>
            <Button size="small" icon={<ChevronLeft20Regular />} disabled={view.page <= 1 || navigating} onClick={previousPage}>
              Previous page
            </Button>
            <Button size="small" icon={<ChevronRight20Regular />} iconPosition="after" disabled={!data.nextCursor || navigating} onClick={nextPage}>
              Next page
            </Button>
          </nav>
        ) : null}
      </div>
    </div>
  );
}
