"use client";

import { Caption1, Dropdown, Field, makeStyles, Option, OptionGroup, tokens } from "@fluentui/react-components";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES, SCOPE_LABELS, type RoleName } from "@/lib/auth/permissions";
import type { SubscriptionView } from "@/lib/schemas/subscriptions";
import type { ConnectorScopeOption } from "./scope-options";

const useStyles = makeStyles({
  option: { display: "flex", flexDirection: "column", gap: "2px", paddingBlock: "2px" },
  description: { color: tokens.colorNeutralForeground3 },
  nested: { paddingLeft: "12px" },
});

interface ScopeChoice {
  key: string;
  /** What the closed dropdown shows. */
  display: string;
}

/** Every scope a role can be given on, with how the dropdown names it. */
function scopeChoices(subscriptions: readonly SubscriptionView[], connectors: readonly ConnectorScopeOption[]): ScopeChoice[] {
  const choices: ScopeChoice[] = [{ key: "WORKSPACE", display: "Workspace (everything)" }];
  const groupPath = new Map<string, string>();
  for (const s of subscriptions) {
    choices.push({ key: `SUBSCRIPTION:${s.id}`, display: `${SCOPE_LABELS.SUBSCRIPTION}: ${s.name}` });
    for (const g of s.resourceGroups) {
      groupPath.set(g.id, `${s.name} / ${g.name}`);
      choices.push({ key: `RESOURCE_GROUP:${g.id}`, display: `${SCOPE_LABELS.RESOURCE_GROUP}: ${s.name} / ${g.name}` });
    }
  }
  for (const c of connectors) {
    const path = groupPath.get(c.resourceGroupId);
    choices.push({ key: `CONNECTOR:${c.id}`, display: `${SCOPE_LABELS.CONNECTOR}: ${path ? `${path} / ` : ""}${c.name}` });
  }
  return choices;
}

export interface RoleScopeFieldsProps {
  role: RoleName;
  scopeKey: string;
  onRoleChange: (role: RoleName) => void;
  onScopeChange: (key: string) => void;
  subscriptions: readonly SubscriptionView[];
  connectors: readonly ConnectorScopeOption[];
  roleError?: string;
  scopeError?: string;
  disabled?: boolean;
  roleLabel?: string;
}

/** The role dropdown (each role with its description) and the scope it applies to. */
export function RoleScopeFields(props: RoleScopeFieldsProps) {
  const styles = useStyles();
  const { subscriptions, connectors } = props;
  const choices = scopeChoices(subscriptions, connectors);
  const selectedScope = choices.find((c) => c.key === props.scopeKey);
  const anyGroups = subscriptions.some((s) => s.resourceGroups.length > 0);

  return (
    <>
      <Field
        label={props.roleLabel ?? "Role"}
        required
        hint={ROLE_DESCRIPTIONS[props.role]}
        validationState={props.roleError ? "error" : undefined}
        validationMessage={props.roleError}
      >
        <Dropdown
          value={ROLE_LABELS[props.role]}
          selectedOptions={[props.role]}
          disabled={props.disabled}
          onOptionSelect={(_e, data) => {
            const next = ROLES.find((r) => r === data.optionValue);
            if (next) props.onRoleChange(next);
          }}
        >
          {ROLES.map((role) => (
            <Option key={role} value={role} text={ROLE_LABELS[role]}>
              <span className={styles.option}>
                <span>{ROLE_LABELS[role]}</span>
                <Caption1 className={styles.description}>{ROLE_DESCRIPTIONS[role]}</Caption1>
              </span>
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Field
        label="Scope"
        required
        hint={
          subscriptions.length === 0
            ? "There are no subscriptions yet, so roles can only be given on the whole workspace. Create subscriptions under Settings → Subscriptions."
            : "The role applies to everything inside the scope."
        }
        validationState={props.scopeError ? "error" : undefined}
        validationMessage={props.scopeError}
      >
        <Dropdown
          value={selectedScope?.display ?? ""}
          selectedOptions={selectedScope ? [selectedScope.key] : []}
          disabled={props.disabled}
          onOptionSelect={(_e, data) => {
            if (data.optionValue) props.onScopeChange(data.optionValue);
          }}
        >
          <Option value="WORKSPACE" text="Workspace">
            Workspace (everything)
          </Option>
          {subscriptions.length > 0 ? (
            <OptionGroup label="Subscriptions">
              {subscriptions.map((s) => (
                <Option key={s.id} value={`SUBSCRIPTION:${s.id}`} text={s.name}>
                  {s.name}
                </Option>
              ))}
            </OptionGroup>
          ) : null}
          {anyGroups
            ? subscriptions
                .filter((s) => s.resourceGroups.length > 0)
                .map((s) => (
                  <OptionGroup key={s.id} label={`Resource groups in ${s.name}`}>
                    {s.resourceGroups.map((g) => (
                      <Option key={g.id} value={`RESOURCE_GROUP:${g.id}`} text={`${s.name} / ${g.name}`}>
                        <span className={styles.nested}>{g.name}</span>
                      </Option>
                    ))}
                  </OptionGroup>
                ))
            : null}
          {connectors.length > 0 ? (
            <OptionGroup label="Connectors">
              {connectors.map((c) => (
                <Option key={c.id} value={`CONNECTOR:${c.id}`} text={c.name}>
                  {c.name}
                </Option>
              ))}
            </OptionGroup>
          ) : null}
        </Dropdown>
      </Field>
    </>
  );
}
