import { makeStyles, tokens } from "@fluentui/react-components";

/** The health page's bordered sections, their headings and label/value lists. */
export const useSectionStyles = makeStyles({
  section: {
    display: "flex",
    flexDirection: "column",
    gap: "12px",
    minWidth: 0,
    padding: "16px 20px",
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  headingRow: { display: "flex", alignItems: "center", flexWrap: "wrap", gap: "4px 12px" },
  // Text as="h2" would keep the browser's heading margins.
  heading: { margin: 0 },
  intro: { margin: 0, color: tokens.colorNeutralForeground3 },
  muted: { color: tokens.colorNeutralForeground3 },
  number: { fontVariantNumeric: "tabular-nums" },
  /** Label/value pairs, two columns of them when there is room. */
  facts: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(min(100%, 340px), 1fr))",
    columnGap: "32px",
    rowGap: "10px",
    margin: 0,
  },
  fact: { display: "grid", gridTemplateColumns: "minmax(120px, 38%) minmax(0, 1fr)", columnGap: "12px", alignItems: "baseline", minWidth: 0 },
  term: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase300 },
  value: { margin: 0, minWidth: 0, overflowWrap: "anywhere", display: "flex", flexDirection: "column", alignItems: "flex-start", gap: "2px" },
  scroll: { overflowX: "auto", minWidth: 0 },
});
