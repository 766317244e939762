"use client";

import { Button, makeStyles, Text, tokens } from "@fluentui/react-components";
import { Box48Regular, Board48Regular, PlugConnected48Regular, ShieldCheckmark48Regular, LockClosed48Regular } from "@fluentui/react-icons";
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";

const ICONS = {
  overview: <Board48Regular />,
  inventory: <Box48Regular />,
  recommendations: <ShieldCheckmark48Regular />,
  environments: <PlugConnected48Regular />,
  noAccess: <LockClosed48Regular />,
} as const;

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    alignItems: "center",
    textAlign: "center",
    gap: "12px",
    padding: "64px 24px",
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  icon: { fontSize: "48px", color: tokens.colorBrandForeground1, display: "flex" },
  title: { margin: 0 },
  text: { maxWidth: "560px", margin: 0, color: tokens.colorNeutralForeground2 },
});

export interface EmptyStateAction {
  label: string;
  href: string;
}

/** What a page shows before it has data: what is missing, and the next step. */
export function EmptyState({ icon, title, children, action }: { icon?: keyof typeof ICONS; title: string; children: ReactNode; action?: EmptyStateAction }) {
  const styles = useStyles();
  const router = useRouter();
  return (
    <section className={styles.root} aria-label={title}>
      {icon ? <div className={styles.icon}>{ICONS[icon]}</div> : null}
      <Text as="h2" size={500} weight="semibold" className={styles.title}>
        {title}
      </Text>
      <Text as="p" className={styles.text}>
        {children}
      </Text>
      {action ? (
        <Button appearance="primary" onClick={() => router.push(action.href)}>
          {action.label}
        </Button>
      ) : null}
    </section>
  );
}
