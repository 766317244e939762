"use client";

import { Dropdown, makeStyles, Option, OptionGroup } from "@fluentui/react-components";
import type { SubscriptionView } from "@/lib/schemas/subscriptions";
import { scopeChoices, WORKSPACE_KEY, type ConnectorScopeOption } from "./scope-options";

const useStyles = makeStyles({
  nested: { paddingLeft: "12px" },
});

export interface ScopeDropdownProps {
  subscriptions: readonly SubscriptionView[];
  connectors: readonly ConnectorScopeOption[];
  /** Scope keys that may be chosen ("WORKSPACE", "SUBSCRIPTION:<id>", ...); every one when omitted. */
  allowed?: ReadonlySet<string>;
  selectedKeys: readonly string[];
  onChange: (keys: string[]) => void;
  /** Several scopes at once. The workspace excludes the others: choosing it clears them, and the reverse. */
  multiselect?: boolean;
  disabled?: boolean;
  placeholder?: string;
}

/**
 * The workspace, its subscriptions, their resource groups and the connectors, grouped
 * as in the portal. Put it inside a Fluent `Field`, which labels it.
 */
export function ScopeDropdown({ subscriptions, connectors, allowed, selectedKeys, onChange, multiselect, disabled, placeholder }: ScopeDropdownProps) {
  const styles = useStyles();
  const may = (key: string) => !allowed || allowed.has(key);
  const choices = scopeChoices(subscriptions, connectors);
  const display = choices.filter((c) => selectedKeys.includes(c.key)).map((c) => c.display);
  const pickable = subscriptions.filter((s) => may(`SUBSCRIPTION:${s.id}`));
  const groups = subscriptions
    .map((s) => ({ subscription: s, groups: s.resourceGroups.filter((g) => may(`RESOURCE_GROUP:${g.id}`)) }))
    .filter((s) => s.groups.length > 0);
  const pickableConnectors = connectors.filter((c) => may(`CONNECTOR:${c.id}`));
  const groupPath = new Map(subscriptions.flatMap((s) => s.resourceGroups.map((g) => [g.id, `${s.name} / ${g.name}`] as const)));

  return (
    <Dropdown
      multiselect={multiselect}
      value={display.join("; ")}
      placeholder={placeholder}
      selectedOptions={[...selectedKeys]}
      disabled={disabled}
      onOptionSelect={(_e, data) => {
        if (!multiselect) {
          if (data.optionValue) onChange([data.optionValue]);
          return;
        }
        const chosen = data.optionValue;
        const next = data.selectedOptions;
        if (chosen === WORKSPACE_KEY && next.includes(WORKSPACE_KEY)) onChange([WORKSPACE_KEY]);
        else onChange(next.filter((k) => k !== WORKSPACE_KEY));
      }}
    >
      {may(WORKSPACE_KEY) ? (
        <Option value={WORKSPACE_KEY} text="Workspace">
          Workspace (everything)
        </Option>
      ) : null}
      {pickable.length > 0 ? (
        <OptionGroup label="Subscriptions">
          {pickable.map((s) => (
            <Option key={s.id} value={`SUBSCRIPTION:${s.id}`} text={s.name}>
              {s.name}
            </Option>
          ))}
        </OptionGroup>
      ) : null}
      {groups.map(({ subscription, groups: inside }) => (
        <OptionGroup key={subscription.id} label={`Resource groups in ${subscription.name}`}>
          {inside.map((g) => (
            <Option key={g.id} value={`RESOURCE_GROUP:${g.id}`} text={`${subscription.name} / ${g.name}`}>
              <span className={styles.nested}>{g.name}</span>
            </Option>
          ))}
        </OptionGroup>
      ))}
      {pickableConnectors.length > 0 ? (
        <OptionGroup label="Connectors">
          {pickableConnectors.map((c) => {
            const path = groupPath.get(c.resourceGroupId);
            return (
              <Option key={c.id} value={`CONNECTOR:${c.id}`} text={path ? `${path} / ${c.name}` : c.name}>
                {c.name}
              </Option>
            );
          })}
        </OptionGroup>
      ) : null}
    </Dropdown>
  );
}
