"use client";

import { Caption1, makeStyles, Text, tokens } from "@fluentui/react-components";
import { ProviderIcon } from "@/components/environments/ProviderIcon";
import { PROVIDER_LABELS, type ProviderName } from "@/lib/schemas/connectors";

const useStyles = makeStyles({
  env: { display: "flex", alignItems: "flex-start", gap: "8px", minWidth: 0 },
  icon: { marginTop: "2px" },
  stack: { display: "flex", flexDirection: "column", gap: "2px", minWidth: 0, overflowWrap: "anywhere" },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** The DevOps environment column, flat or grouped: the provider and, quieter, the connector's name. */
export function EnvironmentCell({ provider, connectorName }: { provider: ProviderName; connectorName: string }) {
  const styles = useStyles();
  return (
    <span className={styles.env}>
      <ProviderIcon provider={provider} className={styles.icon} />
      <span className={styles.stack}>
        <Text>{PROVIDER_LABELS[provider]}</Text>
        <Caption1 className={styles.muted}>{connectorName}</Caption1>
      </span>
    </span>
  );
}
