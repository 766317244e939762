"use client";

import { Badge, makeStyles, MessageBar, MessageBarBody, Text, tokens } from "@fluentui/react-components";
import type { ReactNode } from "react";
import { capitalize } from "@/components/common/api";
import {
  ORGANIZATION_NOUN,
  PROVIDER_LABELS,
  SCANNERS,
  type ConnectorView,
  type IdentityView,
  type ProviderHostView,
} from "@/lib/schemas/connectors";
import type { ScannerList } from "@/lib/schemas/scans";
import { AuthorizationStateBadge } from "./AuthorizationStateBadge";
import { operationsRunAs } from "./ConfigureAccessStep";
import { regionLabel } from "./ConnectorsTable";
import { modeLabel } from "./OrganizationsStep";
import { ProviderIcon } from "./ProviderIcon";
import { INTERVAL_CHOICES, SCOPE_MODE_TEXT } from "./ScanningStep";
import { useApiGet } from "./use-api-get";
import { Facts, useStepStyles } from "./wizard-parts";
import { NEW_RESOURCE_GROUP, normalizedScanning, stepTitle, type ChangedParts, type SubscriptionTarget, type WizardValues } from "./wizard-model";

const useStyles = makeStyles({
  group: {
    display: "flex",
    flexDirection: "column",
    gap: "10px",
    padding: "12px 16px 16px",
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  groupTitle: { display: "flex", alignItems: "center", gap: "8px", margin: 0 },
  inline: { display: "inline-flex", alignItems: "center", gap: "6px" },
  names: { margin: 0, paddingLeft: "18px" },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

export interface ReviewStepProps {
  values: WizardValues;
  hosts: readonly ProviderHostView[];
  targets: readonly SubscriptionTarget[];
  /** Edit settings. */
  connector?: ConnectorView;
  /** The identity the connector will act as (new: the consent of step 2). */
  identity: IdentityView | null;
  /** Edit settings: what Update will send. */
  changed: ChangedParts | null;
}

/** Step 5: everything, read-only, grouped like the steps; then Create (or Update). */
export function ReviewStep({ values, hosts, targets, connector, identity, changed }: ReviewStepProps) {
  const styles = useStyles();
  const step = useStepStyles();
  const availability = useApiGet<ScannerList>(values.scanning.enabled ? "/api/v1/scanners" : null);
  const provider = values.provider;
  if (!provider) return null;
  const noun = ORGANIZATION_NOUN[provider];
  const host = hosts.find((h) => h.provider === provider && h.key === values.host);
  const target = targets.find((t) => t.id === values.subscriptionId);
  const group =
    values.resourceGroupId === NEW_RESOURCE_GROUP
      ? `${values.newResourceGroupName.trim()} (new)`
      : (target?.resourceGroups.find((g) => g.id === values.resourceGroupId)?.name ?? connector?.resourceGroup.name ?? "");
  const scanning = normalizedScanning(values.scanning);
  const missing = new Set((availability.data?.items ?? []).filter((a) => !a.installed).map((a) => a.id));
  const nothingChanged = changed !== null && !changed.authorization && !changed.organizations && !changed.scanning;

  const section = (title: string, isChanged: boolean, children: ReactNode) => (
    <section className={styles.group} aria-label={title}>
      <Text as="h3" size={400} weight="semibold" className={styles.groupTitle}>
        {title}
        {changed && isChanged ? (
          <Badge appearance="tint" color="brand" size="small">
            Changed
          </Badge>
        ) : null}
      </Text>
      {children}
    </section>
  );

  return (
    <div className={step.body}>
      {nothingChanged ? (
        <MessageBar intent="info">
          <MessageBarBody>Nothing has changed yet. Change access, {noun.many} or scanning on the earlier steps, then Update.</MessageBarBody>
        </MessageBar>
      ) : (
        <p className={step.intro}>
          {connector
            ? "Check the changes, then select Update. Only the changed parts are saved."
            : `Check the settings, then select Create. Rampart discovers the repositories of the ${noun.many} right away and then every 8 hours; scan results follow once the first scans finish.`}
        </p>
      )}

      {section(
        stepTitle(0, provider),
        false,
        <Facts
          items={[
            {
              term: "Provider",
              value: (
                <span className={styles.inline}>
                  <ProviderIcon provider={provider} />
                  {PROVIDER_LABELS[provider]}
                </span>
              ),
            },
            { term: "Host", value: host?.label ?? connector?.host.label ?? values.host },
            { term: "Name", value: values.name.trim() },
            { term: "Subscription", value: target?.name ?? connector?.subscription.name ?? "" },
            { term: "Resource group", value: group },
            { term: "Region", value: values.region ? regionLabel(values.region) : "" },
          ]}
        />,
      )}

      {section(
        stepTitle(1, provider),
        changed?.authorization ?? false,
        <Facts
          items={[
            { term: "Identity", value: identity ? operationsRunAs(identity) : "Not authorized" },
            ...(identity?.email ? [{ term: "Email", value: identity.email }] : []),
            ...(connector && !changed?.authorization
              ? [{ term: "State", value: <AuthorizationStateBadge state={connector.authorization.state} reason={connector.authorization.reason} /> }]
              : []),
            ...(connector && changed?.authorization ? [{ term: "Replaces", value: operationsRunAs(connector.authorization.identity) }] : []),
          ]}
        />,
      )}

      {section(
        stepTitle(2, provider),
        changed?.organizations ?? false,
        <Facts
          items={[
            { term: "Onboard", value: modeLabel(values.organizationMode, provider) },
            ...(values.organizationMode === "SELECTED"
              ? [
                  {
                    term: `Selected (${values.selectedOrganizations.length})`,
                    value: (
                      <ul className={styles.names}>
                        {values.selectedOrganizations.map((o) => (
                          <li key={o.id}>{o.name}</li>
                        ))}
                      </ul>
                    ),
                  },
                ]
              : values.organizationMode === "ALL_EXISTING_AND_FUTURE"
                ? [{ term: "New ones", value: `${capitalize(noun.many)} the account gains access to are added by later discoveries` }]
                : []),
          ]}
        />,
      )}

      {section(
        stepTitle(3, provider),
        changed?.scanning ?? false,
        <Facts
          items={[
            { term: "Agentless code scanning", value: scanning.enabled ? "On" : "Off" },
            ...(scanning.enabled
              ? [
                  {
                    term: "Scanners",
                    value:
                      scanning.scanners.length === 0
                        ? "None"
                        : SCANNERS.filter((s) => scanning.scanners.includes(s.id))
                            .map((s) => (missing.has(s.id) ? `${s.label} (not installed on this server)` : s.label))
                            .join(", "),
                  },
                  { term: "Scan every", value: INTERVAL_CHOICES.find((c) => c.days === scanning.intervalDays)?.label ?? `${scanning.intervalDays} days` },
                  { term: "Scope mode", value: `${SCOPE_MODE_TEXT[scanning.scopeMode].label}: ${SCOPE_MODE_TEXT[scanning.scopeMode].description.toLowerCase()}` },
                  {
                    term: scanning.scopeMode === "EXCLUSION" ? "Excluded" : "Scanned",
                    value:
                      scanning.scopeEntries.length === 0 ? (
                        "Nothing listed"
                      ) : (
                        <ul className={styles.names}>
                          {scanning.scopeEntries.map((e) => (
                            <li key={e} className={styles.mono}>
                              {e}
                            </li>
                          ))}
                        </ul>
                      ),
                  },
                  { term: "Auto-discover new repositories", value: scanning.autodiscovery ? "On" : "Off" },
                ]
              : []),
          ]}
        />,
      )}
    </div>
  );
}
