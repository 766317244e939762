"use client";

import { Caption1, Dropdown, Field, makeStyles, Option, tokens } from "@fluentui/react-components";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES, type RoleName } from "@/lib/auth/permissions";
import type { SubscriptionView } from "@/lib/schemas/subscriptions";
import type { ConnectorScopeOption } from "./scope-options";
import { ScopeDropdown } from "./ScopeDropdown";

const useStyles = makeStyles({
  option: { display: "flex", flexDirection: "column", gap: "2px", paddingBlock: "2px" },
  description: { color: tokens.colorNeutralForeground3 },
});

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
        <ScopeDropdown
          subscriptions={subscriptions}
          connectors={connectors}
          selectedKeys={[props.scopeKey]}
          onChange={([key]) => {
            if (key) props.onScopeChange(key);
          }}
          disabled={props.disabled}
        />
      </Field>
    </>
  );
}
