"use client";

import { Link, makeStyles } from "@fluentui/react-components";
import { Open12Regular } from "@fluentui/react-icons";
import type { ReactNode } from "react";

const useStyles = makeStyles({
  link: { display: "inline-flex", alignItems: "center", gap: "4px", overflowWrap: "anywhere" },
  icon: { flexShrink: 0 },
  hidden: { position: "absolute", width: "1px", height: "1px", overflow: "hidden", clip: "rect(0 0 0 0)", whiteSpace: "nowrap" },
});

/** A link out of Rampart (a provider's page): a new tab, no referrer, and says so to screen readers. */
export function ExternalLink({ href, children, title }: { href: string; children: ReactNode; title?: string }) {
  const styles = useStyles();
  return (
    <Link href={href} target="_blank" rel="noopener noreferrer" className={styles.link} title={title}>
      {children}
      <Open12Regular aria-hidden className={styles.icon} />
      <span className={styles.hidden}> (opens in a new tab)</span>
    </Link>
  );
}
