"use client";

import { makeStyles, mergeClasses, Text, tokens } from "@fluentui/react-components";
import NextLink from "next/link";
import type { ReactNode } from "react";
import { useVisuallyHiddenStyles } from "@/components/common/visually-hidden";

export const useCardStyles = makeStyles({
  card: {
    display: "flex",
    flexDirection: "column",
    gap: "12px",
    minWidth: 0,
    padding: "16px 20px",
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  head: { display: "flex", flexWrap: "wrap", alignItems: "baseline", gap: "4px 12px" },
  title: { margin: 0 },
  subtitle: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  spacer: { flexGrow: 1 },
  headAction: { fontSize: tokens.fontSizeBase200 },
  link: {
    color: tokens.colorBrandForegroundLink,
    textDecorationLine: "none",
    ":hover": { color: tokens.colorBrandForegroundLinkHover, textDecorationLine: "underline" },
    ":focus-visible": { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: "2px", borderRadius: tokens.borderRadiusSmall },
  },
  /** A number that links to the rows behind it. */
  tile: {
    display: "flex",
    flexDirection: "column",
    gap: "2px",
    minWidth: 0,
    padding: "8px 10px",
    color: tokens.colorNeutralForeground1,
    textDecorationLine: "none",
    borderRadius: tokens.borderRadiusMedium,
    borderTopWidth: "3px",
    borderTopStyle: "solid",
    borderRightWidth: 0,
    borderBottomWidth: 0,
    borderLeftWidth: 0,
    backgroundColor: tokens.colorNeutralBackground2,
    ":hover": { backgroundColor: tokens.colorNeutralBackground2Hover },
    ":focus-visible": { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: "2px" },
  },
  tileNumber: {
    fontSize: tokens.fontSizeBase600,
    lineHeight: tokens.lineHeightBase600,
    fontWeight: tokens.fontWeightSemibold,
    fontVariantNumeric: "tabular-nums",
    color: tokens.colorBrandForegroundLink,
  },
  tileLabel: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2, overflowWrap: "anywhere" },
  muted: { color: tokens.colorNeutralForeground3 },
  number: { fontVariantNumeric: "tabular-nums" },
});

/** A card of the overview: a titled region, with its own heading for screen-reader navigation. */
export function OverviewCard({ id, title, subtitle, action, className, children }: { id: string; title: string; subtitle?: ReactNode; action?: ReactNode; className?: string; children: ReactNode }) {
  const styles = useCardStyles();
  return (
    <section className={mergeClasses(styles.card, className)} aria-labelledby={`${id}-heading`}>
      <div className={styles.head}>
        <Text as="h2" id={`${id}-heading`} size={400} weight="semibold" className={styles.title}>
          {title}
        </Text>
        {subtitle ? <span className={styles.subtitle}>{subtitle}</span> : null}
        {action ? (
          <>
            <span className={styles.spacer} />
            <span className={styles.headAction}>{action}</span>
          </>
        ) : null}
      </div>
      {children}
    </section>
  );
}

/**
 * A number and what it counts, as one link to the filtered list behind it. The number
 * comes first, so the link reads "12 Critical open findings".
 */
export function NumberTile({ href, value, label, hiddenSuffix, color }: { href: string; value: number; label: string; /** Read after the label by screen readers only. */ hiddenSuffix?: string; color: string }) {
  const styles = useCardStyles();
  return (
    <NextLink href={href} prefetch={false} className={styles.tile} style={{ borderTopColor: color }}>
      <span className={styles.tileNumber}>{value.toLocaleString("en-US")}</span>{" "}
      <span className={styles.tileLabel}>
        {label}
        {hiddenSuffix ? <HiddenText> {hiddenSuffix}</HiddenText> : null}
      </span>
    </NextLink>
  );
}

export function HiddenText({ children }: { children: ReactNode }) {
  const styles = useVisuallyHiddenStyles();
  return <span className={styles.hidden}>{children}</span>;
}
