"use client";

import {
  Caption1,
  Dropdown,
  Field,
  Input,
  Link,
  makeStyles,
  mergeClasses,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Radio,
  RadioGroup,
  tokens,
  useId,
} from "@fluentui/react-components";
import { fieldValidation, type FieldErrors } from "@/components/common/api";
import { PROVIDER_LABELS, PROVIDERS, REGIONS, type ConnectorView, type ProviderHostView, type RegionId } from "@/lib/schemas/connectors";
import { NOT_CONFIGURED } from "./AddEnvironmentMenu";
import { regionLabel } from "./ConnectorsTable";
import { ProviderIcon } from "./ProviderIcon";
import { useStepStyles } from "./wizard-parts";
import { hostsOf, NEW_RESOURCE_GROUP, withHost, withProvider, type SubscriptionTarget, type WizardValues } from "./wizard-model";

const useStyles = makeStyles({
  providers: { display: "flex", flexDirection: "row", flexWrap: "wrap", gap: "8px" },
  card: {
    display: "flex",
    flexDirection: "column",
    width: "200px",
    minHeight: "56px",
    justifyContent: "center",
    padding: "4px 8px 6px 4px",
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  cardSelected: { border: `1px solid ${tokens.colorBrandStroke1}`, backgroundColor: tokens.colorBrandBackground2 },
  cardDisabled: { backgroundColor: tokens.colorNeutralBackgroundDisabled, border: `1px solid ${tokens.colorNeutralStrokeDisabled}` },
  providerLabel: { display: "inline-flex", alignItems: "center", gap: "8px", fontWeight: tokens.fontWeightSemibold },
  reason: { color: tokens.colorNeutralForeground3, paddingLeft: "32px" },
  sandbox: { color: tokens.colorNeutralForeground3 },
});

export interface ConnectorDetailsStepProps {
  values: WizardValues;
  onChange: (values: WizardValues) => void;
  errors: FieldErrors;
  hosts: readonly ProviderHostView[];
  targets: readonly SubscriptionTarget[];
  newGroupSubscriptionIds: readonly string[];
  /** Edit settings: shown, not editable. */
  connector?: ConnectorView;
}

const validation = (message: string | undefined) => (message ? { validationState: "error" as const, validationMessage: message } : {});

/** Step 1: provider, host, name, subscription and resource group, region. */
export function ConnectorDetailsStep(props: ConnectorDetailsStepProps) {
  return props.connector ? <ReadOnlyDetails connector={props.connector} /> : <EditableDetails {...props} />;
}

function ReadOnlyDetails({ connector: c }: { connector: ConnectorView }) {
  const step = useStepStyles();
  return (
    <div className={step.body}>
      <p className={step.intro}>These are set when the connector is created and cannot be changed. To move a connector, delete it and add the environment again.</p>
      <div className={step.fields}>
        <Field label="Provider">
          <Input readOnly appearance="underline" value={PROVIDER_LABELS[c.provider]} contentBefore={<ProviderIcon provider={c.provider} />} />
        </Field>
        <Field label="Host">
          <Input readOnly appearance="underline" value={c.host.label} />
        </Field>
        <Field label="Name">
          <Input readOnly appearance="underline" value={c.name} />
        </Field>
        <Field label="Subscription">
          <Input readOnly appearance="underline" value={c.subscription.name} />
        </Field>
        <Field label="Resource group">
          <Input readOnly appearance="underline" value={c.resourceGroup.name} />
        </Field>
        <Field label="Region">
          <Input readOnly appearance="underline" value={regionLabel(c.region)} />
        </Field>
      </div>
    </div>
  );
}

function EditableDetails({ values, onChange, errors, hosts, targets, newGroupSubscriptionIds }: ConnectorDetailsStepProps) {
  const styles = useStyles();
  const step = useStepStyles();
  const reasonId = useId("provider-reason");
  const providerHosts = hostsOf(hosts, values.provider);
  const selectedHost = providerHosts.find((h) => h.key === values.host);
  const target = targets.find((t) => t.id === values.subscriptionId);
  const mayCreateGroup = target !== undefined && newGroupSubscriptionIds.includes(target.id);
  const group = target?.resourceGroups.find((g) => g.id === values.resourceGroupId);
  const groupDisplay = values.resourceGroupId === NEW_RESOURCE_GROUP ? "Create new" : (group?.name ?? "");
  const region = REGIONS.find((r) => r.id === values.region);

  function chooseSubscription(id: string) {
    if (id === values.subscriptionId) return;
    const next = targets.find((t) => t.id === id);
    const onlyGroup = next && next.resourceGroups.length === 1 && !newGroupSubscriptionIds.includes(next.id) ? next.resourceGroups[0]!.id : "";
    onChange({ ...values, subscriptionId: id, resourceGroupId: onlyGroup });
  }

  return (
    <div className={step.body}>
      <p className={step.intro}>
        Name the connector and choose where it lives. The subscription and resource group hold the connector, and roles given on them
        apply to it. Agentless code scans of its repositories run in the region you choose.
      </p>
      <Field label="Provider" required {...fieldValidation(errors, "provider")}>
        <RadioGroup
          className={styles.providers}
          value={values.provider ?? ""}
          onChange={(_e, data) => {
            const provider = PROVIDERS.find((p) => p === data.value);
            if (provider) onChange(withProvider(values, hosts, provider));
          }}
        >
          {PROVIDERS.map((provider) => {
            const configured = hostsOf(hosts, provider).length > 0;
            return (
              <div
                key={provider}
                className={mergeClasses(styles.card, values.provider === provider && styles.cardSelected, !configured && styles.cardDisabled)}
              >
                <Radio
                  value={provider}
                  disabled={!configured}
                  aria-describedby={configured ? undefined : `${reasonId}-${provider}`}
                  label={
                    <span className={styles.providerLabel}>
                      <ProviderIcon provider={provider} size={20} />
                      {PROVIDER_LABELS[provider]}
                    </span>
                  }
                />
                {configured ? null : (
                  <Caption1 id={`${reasonId}-${provider}`} className={styles.reason}>
                    {NOT_CONFIGURED}
                  </Caption1>
                )}
              </div>
            );
          })}
        </RadioGroup>
      </Field>
      <div className={step.fields}>
        <Field
          label="Host"
          required
          hint={values.provider ? `Where Rampart reaches ${PROVIDER_LABELS[values.provider]}; you authorize there in the next step.` : undefined}
          {...fieldValidation(errors, "host")}
        >
          <Dropdown
            value={selectedHost?.label ?? ""}
            selectedOptions={selectedHost ? [selectedHost.key] : []}
            disabled={!values.provider}
            placeholder={values.provider ? "Choose a host" : "Choose a provider first"}
            onOptionSelect={(_e, data) => {
              if (data.optionValue) onChange(withHost(values, data.optionValue));
            }}
          >
            {providerHosts.map((h) => (
              <Option key={h.key} value={h.key} text={h.label}>
                <span>
                  {h.label}
                  {h.isSandbox ? <span className={styles.sandbox}> · for trying Rampart out, no real {PROVIDER_LABELS[h.provider]} involved</span> : null}
                </span>
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label="Name" required hint="1–20 characters: letters, digits and hyphens" {...fieldValidation(errors, "name")}>
          <Input value={values.name} maxLength={100} autoComplete="off" onChange={(_e, data) => onChange({ ...values, name: data.value })} />
        </Field>
        {targets.length === 0 ? (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>No resource group to put the connector in</MessageBarTitle>
              A connector lives in a resource group, and there is none you may create connectors in. An Owner creates subscriptions and
              resource groups in{" "}
              <Link as="a" href="/settings/subscriptions">
                Settings → Subscriptions
              </Link>{" "}
              and gives roles on them.
            </MessageBarBody>
          </MessageBar>
        ) : null}
        <Field label="Subscription" required {...validation(errors.subscriptionId ?? errors["resourceGroup.subscriptionId"])}>
          <Dropdown
            value={target?.name ?? ""}
            selectedOptions={target ? [target.id] : []}
            placeholder="Choose a subscription"
            disabled={targets.length === 0}
            onOptionSelect={(_e, data) => {
              if (data.optionValue) chooseSubscription(data.optionValue);
            }}
          >
            {targets.map((t) => (
              <Option key={t.id} value={t.id} text={t.name}>
                {t.name}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label="Resource group" required {...validation(errors.resourceGroup ?? errors["resourceGroup.id"])}>
          <Dropdown
            value={groupDisplay}
            selectedOptions={values.resourceGroupId ? [values.resourceGroupId] : []}
            placeholder={target ? "Choose a resource group" : "Choose a subscription first"}
            disabled={!target}
            onOptionSelect={(_e, data) => {
              if (data.optionValue) onChange({ ...values, resourceGroupId: data.optionValue });
            }}
          >
            {(target?.resourceGroups ?? []).map((g) => (
              <Option key={g.id} value={g.id} text={g.name}>
                {g.name}
              </Option>
            ))}
            {mayCreateGroup ? (
              <Option value={NEW_RESOURCE_GROUP} text="Create new">
                Create new
              </Option>
            ) : null}
          </Dropdown>
        </Field>
        {values.resourceGroupId === NEW_RESOURCE_GROUP && mayCreateGroup ? (
          <Field
            label="New resource group name"
            required
            hint={`Created in ${target.name} together with the connector.`}
            {...validation(errors["resourceGroup.newName"])}
          >
            <Input
              value={values.newResourceGroupName}
              maxLength={150}
              autoComplete="off"
              onChange={(_e, data) => onChange({ ...values, newResourceGroupName: data.value })}
            />
          </Field>
        ) : null}
        <Field label="Region" required hint="Agentless code scanning runs in this region." {...fieldValidation(errors, "region")}>
          <Dropdown
            value={region?.label ?? ""}
            selectedOptions={region ? [region.id] : []}
            placeholder="Choose a region"
            onOptionSelect={(_e, data) => {
              const next = REGIONS.find((r) => r.id === data.optionValue);
              if (next) onChange({ ...values, region: next.id as RegionId });
            }}
          >
            {REGIONS.map((r) => (
              <Option key={r.id} value={r.id} text={r.label}>
                {r.label}
              </Option>
            ))}
          </Dropdown>
        </Field>
      </div>
    </div>
  );
}
