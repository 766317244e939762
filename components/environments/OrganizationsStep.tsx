"use client";

import {
  Button,
  Caption1,
  Checkbox,
  Field,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  SearchBox,
  Spinner,
  Text,
  tokens,
  useId,
} from "@fluentui/react-components";
import { ArrowClockwise16Regular } from "@fluentui/react-icons";
import { useState } from "react";
import { capitalize, errorFor, type FieldErrors, type Problem } from "@/components/common/api";
import { ORGANIZATION_MODES, ORGANIZATION_NOUN, PROVIDER_LABELS, type ConnectorView, type OrganizationMode, type OrganizationOption, type ProviderName } from "@/lib/schemas/connectors";
import { FieldError, ReadOnlyNote, useStepStyles } from "./wizard-parts";
import type { SelectedOrganization, WizardValues } from "./wizard-model";

const useStyles = makeStyles({
  list: {
    listStyleType: "none",
    margin: 0,
    padding: "4px 0",
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    maxHeight: "360px",
    overflowY: "auto",
    backgroundColor: tokens.colorNeutralBackground1,
  },
  row: { display: "flex", alignItems: "center", flexWrap: "wrap", columnGap: "8px", paddingRight: "12px", minHeight: "32px" },
  plainRow: { display: "flex", alignItems: "center", minHeight: "32px", paddingInline: "12px" },
  rowReason: { color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
  toolbar: { display: "flex", alignItems: "flex-end", gap: "12px", flexWrap: "wrap" },
  filter: { width: "320px", maxWidth: "100%" },
  count: { color: tokens.colorNeutralForeground3, paddingBottom: "6px" },
  empty: { padding: "8px 12px", color: tokens.colorNeutralForeground3 },
  spinner: { justifyContent: "flex-start" },
});

export interface OrganizationList {
  organizations: OrganizationOption[] | null;
  loading: boolean;
  problem: Problem | null;
  retry: () => void;
}

export interface OrganizationsStepProps {
  provider: ProviderName;
  values: WizardValues;
  onChange: (values: WizardValues) => void;
  errors: FieldErrors;
  list: OrganizationList;
  /** No authorization to list with (edit settings of a connector whose authorization id is not known). */
  listUnavailable: string | null;
  /** Security Admin: shown, not editable. */
  readOnly: boolean;
  connector?: ConnectorView;
}

export function modeLabel(mode: OrganizationMode, provider: ProviderName): string {
  const many = ORGANIZATION_NOUN[provider].many;
  switch (mode) {
    case "ALL_EXISTING":
      return `All existing ${many}`;
    case "ALL_EXISTING_AND_FUTURE":
      return `All existing and future ${many}`;
    case "SELECTED":
      return `Selected ${many}`;
  }
}

function modeDescription(mode: OrganizationMode, provider: ProviderName): string {
  const { one, many } = ORGANIZATION_NOUN[provider];
  const administers = provider === "AZURE_DEVOPS" ? "is a Project Collection Administrator in" : "administers";
  switch (mode) {
    case "ALL_EXISTING":
      return `Every ${one} the authorizing account ${administers} today, with all their repositories. ${capitalize(many)} created later are not added.`;
    case "ALL_EXISTING_AND_FUTURE":
      return `Every ${one} the account ${administers} today, and new ones too: later discoveries (every 8 hours) pick up ${many} it gains access to.`;
    case "SELECTED":
      return `Only the ${many} you tick below. You can change the list later in Edit settings.`;
  }
}

/** Step 3: which organizations (GitLab: groups) the connector onboards. */
export function OrganizationsStep({ provider, values, onChange, errors, list, listUnavailable, readOnly, connector }: OrganizationsStepProps) {
  const styles = useStyles();
  const step = useStepStyles();
  const idBase = useId("org-mode");
  const { one, many } = ORGANIZATION_NOUN[provider];

  if (readOnly && connector) {
    return (
      <div className={step.body}>
        <ReadOnlyNote />
        <RadioGroup value={connector.organizations.mode} disabled aria-label={`${capitalize(many)} to onboard`}>
          {ORGANIZATION_MODES.map((mode) => (
            <Radio key={mode} value={mode} label={modeLabel(mode, provider)} />
          ))}
        </RadioGroup>
        <section className={step.section} aria-label={`Onboarded ${many}`}>
          <Text as="h3" weight="semibold" className={step.sectionTitle}>
            Onboarded {many}
          </Text>
          {connector.organizations.list.length === 0 ? (
            <Text className={step.muted}>None yet.</Text>
          ) : (
            <ul className={styles.list}>
              {connector.organizations.list.map((o) => (
                <li key={o.id} className={styles.plainRow}>
                  {o.name}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    );
  }

  const available = (list.organizations ?? []).filter((o) => o.available);
  return (
    <div className={step.body}>
      <Field label={`${capitalize(many)} to onboard`} required>
        <RadioGroup
          value={values.organizationMode}
          onChange={(_e, data) => {
            const mode = ORGANIZATION_MODES.find((m) => m === data.value);
            if (mode) onChange({ ...values, organizationMode: mode });
          }}
        >
          {ORGANIZATION_MODES.map((mode) => (
            <div key={mode} className={step.option}>
              <Radio value={mode} label={modeLabel(mode, provider)} aria-describedby={`${idBase}-${mode}`} />
              <Caption1 id={`${idBase}-${mode}`} className={step.optionDescription}>
                {modeDescription(mode, provider)}
              </Caption1>
            </div>
          ))}
        </RadioGroup>
      </Field>

      {listUnavailable ? (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>{listUnavailable}</MessageBarBody>
        </MessageBar>
      ) : null}
      {list.loading ? <Spinner size="tiny" labelPosition="after" label={`Loading ${many} from ${PROVIDER_LABELS[provider]}…`} className={styles.spinner} /> : null}
      {list.problem ? (
        <MessageBar intent="error" role="alert" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Could not list the {many}</MessageBarTitle>
            {list.problem.detail}
          </MessageBarBody>
          <MessageBarActions>
            <Button size="small" icon={<ArrowClockwise16Regular />} onClick={list.retry}>
              Retry
            </Button>
          </MessageBarActions>
        </MessageBar>
      ) : null}

      {values.organizationMode !== "SELECTED" && list.organizations ? (
        available.length === 0 ? (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>
              The authorizing account cannot onboard any {one} right now, so nothing would be discovered
              {values.organizationMode === "ALL_EXISTING_AND_FUTURE" ? ` until it gains access to one` : ""}. Check its permissions, or
              authorize with another account.
            </MessageBarBody>
          </MessageBar>
        ) : (
          <Text className={step.muted}>
            {available.length === 1 ? `1 ${one} would be onboarded now: ` : `${available.length} ${many} would be onboarded now: `}
            {available.slice(0, 5).map((o) => o.name).join(", ")}
            {available.length > 5 ? `, and ${available.length - 5} more` : ""}
          </Text>
        )
      ) : null}

      {values.organizationMode === "SELECTED" ? (
        <SelectedOrganizations
          provider={provider}
          organizations={list.organizations}
          selected={values.selectedOrganizations}
          onChange={(selected) => onChange({ ...values, selectedOrganizations: selected })}
          error={errorFor(errors, "organizations")}
        />
      ) : (
        <FieldError message={errorFor(errors, "organizations")} />
      )}
    </div>
  );
}

interface SelectedOrganizationsProps {
  provider: ProviderName;
  organizations: OrganizationOption[] | null;
  selected: SelectedOrganization[];
  onChange: (selected: SelectedOrganization[]) => void;
  error?: string;
}

function SelectedOrganizations({ provider, organizations, selected, onChange, error }: SelectedOrganizationsProps) {
  const styles = useStyles();
  const step = useStepStyles();
  const listId = useId("org-list");
  const errorId = useId("org-error");
  const [filter, setFilter] = useState("");
  const { many } = ORGANIZATION_NOUN[provider];
  const selectedIds = new Set(selected.map((o) => o.id));

  // Selected ones the provider no longer lists stay visible, so they can be unticked.
  const listed = organizations ?? [];
  const missing = selected.filter((s) => !listed.some((o) => o.id === s.id));
  const rows: (OrganizationOption & { missing?: boolean })[] = [
    ...listed,
    ...missing.map((s) => ({ id: s.id, name: s.name, url: "", available: true, missing: true })),
  ];
  const needle = filter.trim().toLowerCase();
  const shown = needle ? rows.filter((o) => o.name.toLowerCase().includes(needle)) : rows;

  function toggle(o: OrganizationOption, checked: boolean) {
    onChange(checked ? [...selected.filter((s) => s.id !== o.id), { id: o.id, name: o.name }] : selected.filter((s) => s.id !== o.id));
  }

  if (organizations === null && rows.length === 0) return <FieldError message={error} />;

  return (
    <section className={step.section} aria-labelledby={listId}>
      <div className={styles.toolbar}>
        <Field label={`Filter ${many}`} className={styles.filter}>
          <SearchBox value={filter} onChange={(_e, data) => setFilter(data.value)} placeholder="Type part of a name" />
        </Field>
        <Caption1 className={styles.count} aria-live="polite">
          {selected.length} selected{needle ? ` · ${shown.length} of ${rows.length} shown` : ""}
        </Caption1>
      </div>
      <Text as="h3" id={listId} weight="semibold" className={step.sectionTitle}>
        {organizations === null ? `Onboarded now` : `${capitalize(many)} the account can see`}
      </Text>
      <ul className={styles.list} aria-labelledby={listId} aria-describedby={error ? errorId : undefined}>
        {shown.length === 0 ? (
          <li className={styles.empty}>{rows.length === 0 ? `The account sees no ${many}.` : `No ${many} match "${filter.trim()}".`}</li>
        ) : (
          shown.map((o, i) => {
            const reasonId = `${listId}-reason-${i}`;
            const reason = o.missing
              ? organizations === null
                ? undefined
                : `Not listed by ${PROVIDER_LABELS[provider]} for this account any more`
              : o.available
                ? undefined
                : (o.reason ?? "Cannot be onboarded here");
            return (
              <li key={o.id} className={styles.row}>
                <Checkbox
                  label={o.name}
                  checked={selectedIds.has(o.id)}
                  disabled={!o.available && !selectedIds.has(o.id)}
                  aria-describedby={reason ? reasonId : undefined}
                  onChange={(_e, data) => toggle(o, data.checked === true)}
                />
                {reason ? (
                  <Caption1 id={reasonId} className={styles.rowReason}>
                    {reason}
                  </Caption1>
                ) : null}
              </li>
            );
          })
        )}
      </ul>
      <FieldError id={errorId} message={error} />
    </section>
  );
}
