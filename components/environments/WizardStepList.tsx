"use client";

import { makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { Checkmark16Regular, ErrorCircle16Filled, LockClosed12Regular } from "@fluentui/react-icons";
import type { StepIndex } from "./wizard-model";

const useStyles = makeStyles({
  nav: {
    borderRight: `1px solid ${tokens.colorNeutralStroke2}`,
    paddingBlock: "16px",
    "@media (max-width: 800px)": { borderRight: "none", borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, paddingBlock: "8px" },
  },
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "2px" },
  item: {
    display: "flex",
    alignItems: "center",
    gap: "10px",
    width: "100%",
    minHeight: "40px",
    padding: "6px 16px 6px 13px",
    border: "none",
    borderLeft: "3px solid transparent",
    backgroundColor: "transparent",
    color: tokens.colorNeutralForeground1,
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    textAlign: "left",
    cursor: "pointer",
    ":hover": { backgroundColor: tokens.colorSubtleBackgroundHover },
    ":focus-visible": { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: "-2px" },
    ":disabled": { cursor: "default", color: tokens.colorNeutralForegroundDisabled, backgroundColor: "transparent" },
  },
  current: {
    borderLeftColor: tokens.colorBrandStroke1,
    backgroundColor: tokens.colorSubtleBackgroundSelected,
    fontWeight: tokens.fontWeightSemibold,
    ":hover": { backgroundColor: tokens.colorSubtleBackgroundSelected },
  },
  number: {
    display: "inline-flex",
    alignItems: "center",
    justifyContent: "center",
    flexShrink: 0,
    width: "24px",
    height: "24px",
    borderRadius: tokens.borderRadiusCircular,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    fontSize: tokens.fontSizeBase200,
    fontWeight: tokens.fontWeightSemibold,
  },
  numberCurrent: { backgroundColor: tokens.colorBrandBackground, border: `1px solid ${tokens.colorBrandBackground}`, color: tokens.colorNeutralForegroundOnBrand },
  numberDone: { border: `1px solid ${tokens.colorBrandStroke1}`, color: tokens.colorBrandForeground1 },
  numberError: { border: `1px solid ${tokens.colorPaletteRedBorder2}`, color: tokens.colorPaletteRedForeground1 },
  title: { flexGrow: 1 },
  lock: { color: tokens.colorNeutralForeground3 },
  srOnly: {
    position: "absolute",
    width: "1px",
    height: "1px",
    margin: "-1px",
    overflow: "hidden",
    clip: "rect(0 0 0 0)",
    whiteSpace: "nowrap",
    border: 0,
    padding: 0,
  },
});

export interface WizardStepItem {
  index: StepIndex;
  title: string;
  /** Can be opened from the list (steps not reached yet cannot). */
  reachable: boolean;
  done: boolean;
  hasErrors: boolean;
  /** Shown but not changeable by this caller. */
  readOnly: boolean;
}

/** The portal-style step list on the wizard's left: a nav, the current step marked aria-current="step". */
export function WizardStepList({ steps, current, onSelect }: { steps: WizardStepItem[]; current: StepIndex; onSelect: (step: StepIndex) => void }) {
  const styles = useStyles();
  return (
    <nav aria-label="Wizard steps" className={styles.nav}>
      <ol className={styles.list}>
        {steps.map((s) => {
          const isCurrent = s.index === current;
          return (
            <li key={s.index}>
              <button
                type="button"
                className={mergeClasses(styles.item, isCurrent && styles.current)}
                aria-current={isCurrent ? "step" : undefined}
                disabled={!s.reachable && !isCurrent}
                onClick={() => onSelect(s.index)}
              >
                <span
                  aria-hidden
                  className={mergeClasses(
                    styles.number,
                    isCurrent ? styles.numberCurrent : s.hasErrors ? styles.numberError : s.done ? styles.numberDone : undefined,
                  )}
                >
                  {!isCurrent && s.hasErrors ? <ErrorCircle16Filled /> : !isCurrent && s.done ? <Checkmark16Regular /> : s.index + 1}
                </span>
                <span className={styles.title}>
                  <span className={styles.srOnly}>Step {s.index + 1}: </span>
                  {s.title}
                  {s.hasErrors ? <span className={styles.srOnly}> (has errors)</span> : s.done && !isCurrent ? <span className={styles.srOnly}> (completed)</span> : null}
                  {s.readOnly ? <span className={styles.srOnly}> (read-only)</span> : null}
                </span>
                {s.readOnly ? <LockClosed12Regular aria-hidden className={styles.lock} /> : null}
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
