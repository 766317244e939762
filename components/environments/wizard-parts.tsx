"use client";

import { Caption1, makeStyles, MessageBar, MessageBarBody, Text, tokens } from "@fluentui/react-components";
import { ErrorCircle12Filled } from "@fluentui/react-icons";
import type { ReactNode } from "react";

/** Small pieces the wizard's steps share. */

export const useStepStyles = makeStyles({
  body: { display: "flex", flexDirection: "column", gap: "16px", maxWidth: "760px" },
  fields: { display: "flex", flexDirection: "column", gap: "14px", maxWidth: "520px" },
  intro: { margin: 0, color: tokens.colorNeutralForeground2 },
  section: { display: "flex", flexDirection: "column", gap: "8px" },
  sectionTitle: { margin: 0 },
  muted: { color: tokens.colorNeutralForeground3 },
  option: { display: "flex", flexDirection: "column", gap: "0" },
  optionDescription: { color: tokens.colorNeutralForeground3, paddingLeft: "32px", marginTop: "-6px", marginBottom: "6px", display: "block" },
  readOnlyList: { margin: 0, display: "grid", gridTemplateColumns: "200px minmax(0, 1fr)", columnGap: "24px", rowGap: "8px" },
  pair: { display: "contents" },
  term: { color: tokens.colorNeutralForeground3 },
  definition: { margin: 0, overflowWrap: "anywhere" },
  fieldError: { display: "flex", alignItems: "center", gap: "4px", color: tokens.colorPaletteRedForeground1, fontSize: tokens.fontSizeBase200 },
});

/** Steps (or parts) this caller can see but not change. */
export function ReadOnlyNote({ children = "Only Owners and Contributors change this." }: { children?: ReactNode }) {
  return (
    <MessageBar intent="info" layout="multiline">
      <MessageBarBody>{children}</MessageBarBody>
    </MessageBar>
  );
}

/** A validation message for a control that is not a single Field (lists, groups); announced like Field's. */
export function FieldError({ message, id }: { message?: string; id?: string }) {
  const styles = useStepStyles();
  if (!message) return null;
  return (
    <Text id={id} role="alert" className={styles.fieldError}>
      <ErrorCircle12Filled aria-hidden />
      {message}
    </Text>
  );
}

/** Read-only name/value pairs (edit settings, review). */
export function Facts({ items, label }: { items: { term: string; value: ReactNode }[]; label?: string }) {
  const styles = useStepStyles();
  return (
    <dl className={styles.readOnlyList} aria-label={label}>
      {items.map((item) => (
        <div key={item.term} className={styles.pair}>
          <dt className={styles.term}>
            <Caption1>{item.term}</Caption1>
          </dt>
          <dd className={styles.definition}>{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}
