"use client";

import { makeStyles, Text, tokens } from "@fluentui/react-components";
import { ShieldKeyhole24Filled } from "@fluentui/react-icons";
import type { ReactNode } from "react";

const useStyles = makeStyles({
  page: {
    minHeight: "100vh",
    display: "flex",
    alignItems: "flex-start",
    justifyContent: "center",
    padding: "8vh 16px",
    backgroundColor: tokens.colorNeutralBackground2,
  },
  column: { width: "100%", maxWidth: "440px", display: "flex", flexDirection: "column", gap: "16px" },
  brand: { display: "flex", alignItems: "center", gap: "8px", color: tokens.colorBrandForeground1 },
  card: {
    display: "flex",
    flexDirection: "column",
    gap: "16px",
    padding: "32px",
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow8,
  },
});

export function AuthCard({ title, subtitle, children, after }: { title: string; subtitle?: string; children: ReactNode; after?: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={styles.page}>
      <div className={styles.column}>
        <div className={styles.brand}>
          <ShieldKeyhole24Filled />
          <Text size={500} weight="semibold">
            Rampart
          </Text>
          <Text size={300}>DevOps security</Text>
        </div>
        <section className={styles.card} aria-label={title}>
          <div>
            <Text as="h1" size={600} weight="semibold" block>
              {title}
            </Text>
            {subtitle ? <Text>{subtitle}</Text> : null}
          </div>
          {children}
        </section>
        {after}
      </div>
    </div>
  );
}
