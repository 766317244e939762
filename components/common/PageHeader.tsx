"use client";

import { makeStyles, Text, tokens } from "@fluentui/react-components";
import type { ReactNode } from "react";

const useStyles = makeStyles({
  root: { display: "flex", alignItems: "flex-end", gap: "16px", marginBottom: "20px" },
  titles: { display: "flex", flexDirection: "column", gap: "4px", flexGrow: 1 },
  // Text as="h1" would keep the browser's heading margins.
  title: { margin: 0 },
  subtitle: { color: tokens.colorNeutralForeground3 },
});

export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: string; actions?: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={styles.root}>
      <div className={styles.titles}>
        <Text as="h1" size={700} weight="semibold" className={styles.title}>
          {title}
        </Text>
        {subtitle ? <Text className={styles.subtitle}>{subtitle}</Text> : null}
      </div>
      {actions}
    </div>
  );
}
