"use client";

import { Button, Dropdown, Field, makeStyles, Option, Switch, tokens } from "@fluentui/react-components";
import { FilterDismiss20Regular } from "@fluentui/react-icons";
import type { ReactNode } from "react";
import { ProviderIcon } from "@/components/environments/ProviderIcon";
import { PROVIDERS, type ProviderName } from "@/lib/schemas/connectors";
import { FINDING_TYPE_LABELS, FINDING_TYPES, SEVERITIES, SEVERITY_LABELS } from "@/lib/schemas/findings";
import {
  ADVANCED_SECURITY_LABELS,
  ADVANCED_SECURITY_STATUSES,
  PR_ANNOTATION_LABELS,
  PR_ANNOTATION_STATUSES,
  RESOURCE_TYPE_LABELS,
  type InventoryQuery,
} from "@/lib/schemas/inventory";

export interface FilterOptions {
  subscriptions: { id: string; name: string }[];
  connectors: { id: string; name: string; provider: ProviderName }[];
}

/** The filters' part of the query; a change starts again from the first page. */
export type FilterChange = Partial<Pick<InventoryQuery, "subscription" | "connector" | "provider" | "advancedSecurity" | "prAnnotations" | "findingType" | "severity" | "includeRemoved">>;

const useStyles = makeStyles({
  row: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "flex-end",
    gap: "8px 12px",
    padding: "8px 12px 12px",
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  field: { minWidth: "150px", maxWidth: "240px", flexShrink: 1 },
  dropdown: { minWidth: "150px", width: "100%" },
  option: { display: "inline-flex", alignItems: "center", gap: "6px" },
  switch: { marginBottom: "-2px" },
});

interface FilterOption<T extends string> {
  value: T;
  text: string;
  icon?: ReactNode;
}

/** What the closed dropdown says: nothing chosen reads "All". */
function summary(selected: string[], options: FilterOption<string>[]): string {
  if (selected.length === 0) return "";
  const first = options.find((o) => o.value === selected[0])?.text ?? "1 unknown";
  return selected.length === 1 ? first : `${first} (+${selected.length - 1})`;
}

export function FilterDropdown<T extends string>({
  label,
  options,
  selected,
  onChange,
}: {
  label: string;
  options: FilterOption<T>[];
  selected: T[];
  onChange: (values: T[]) => void;
}) {
  const styles = useStyles();
  // A value in the URL that is not among the options (a connector since deleted, say) stays
  // visible, so that it can be unselected.
  const unknown = selected.filter((v) => !options.some((o) => o.value === v));
  const all: FilterOption<T>[] = [...options, ...unknown.map((v) => ({ value: v, text: `Not found (${v.slice(0, 8)}…)` }))];
  return (
    <Field label={label} size="small" className={styles.field}>
      <Dropdown
        multiselect
        size="small"
        className={styles.dropdown}
        placeholder="All"
        value={summary(selected, all)}
        selectedOptions={selected}
        onOptionSelect={(_, data) => onChange(data.selectedOptions as T[])}
      >
        {all.map((o) => (
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

export function InventoryFilters({
  query,
  options,
  onChange,
  onClear,
  showClear,
  canClear,
}: {
  query: InventoryQuery;
  options: FilterOptions;
  onChange: (change: FilterChange) => void;
  onClear: () => void;
  /** False while the "nothing matches" message offers its own Clear filters. */
  showClear: boolean;
  canClear: boolean;
}) {
  const styles = useStyles();
  return (
    <div className={styles.row} role="group" aria-label="Filters">
      <FilterDropdown
        label="Subscription"
        options={options.subscriptions.map((s) => ({ value: s.id, text: s.name }))}
        selected={query.subscription ?? []}
        onChange={(subscription) => onChange({ subscription })}
      />
      <FilterDropdown
        label="DevOps environment"
        options={options.connectors.map((c) => ({ value: c.id, text: c.name, icon: <ProviderIcon provider={c.provider} /> }))}
        selected={query.connector ?? []}
        onChange={(connector) => onChange({ connector })}
      />
      <FilterDropdown
        label="Resource type"
        options={PROVIDERS.map((p) => ({ value: p, text: RESOURCE_TYPE_LABELS[p], icon: <ProviderIcon provider={p} /> }))}
        selected={query.provider ?? []}
        onChange={(provider) => onChange({ provider })}
      />
      <FilterDropdown
        label="Advanced security status"
        options={ADVANCED_SECURITY_STATUSES.map((s) => ({ value: s, text: ADVANCED_SECURITY_LABELS[s] }))}
        selected={query.advancedSecurity ?? []}
        onChange={(advancedSecurity) => onChange({ advancedSecurity })}
      />
      <FilterDropdown
        label="Pull request annotation status"
        options={PR_ANNOTATION_STATUSES.map((s) => ({ value: s, text: PR_ANNOTATION_LABELS[s] }))}
        selected={query.prAnnotations ?? []}
        onChange={(prAnnotations) => onChange({ prAnnotations })}
      />
      <FilterDropdown
        label="Finding type"
        options={FINDING_TYPES.map((t) => ({ value: t, text: FINDING_TYPE_LABELS[t] }))}
        selected={query.findingType ?? []}
        onChange={(findingType) => onChange({ findingType })}
      />
      <FilterDropdown
        label="Severity"
        options={SEVERITIES.map((v) => ({ value: v, text: SEVERITY_LABELS[v] }))}
        selected={query.severity ?? []}
        onChange={(severity) => onChange({ severity })}
      />
      <Switch
        className={styles.switch}
        label="Show removed"
        checked={query.includeRemoved ?? false}
        onChange={(_, data) => onChange({ includeRemoved: data.checked })}
      />
      {showClear ? (
        <Button size="small" appearance="subtle" icon={<FilterDismiss20Regular />} disabled={!canClear} onClick={onClear}>
          Clear filters
        </Button>
      ) : null}
    </div>
  );
}
