import { makeStyles, tokens } from "@fluentui/react-components";

/** The bordered panel with a command toolbar and a count that list pages share (Azure portal look). */
export const usePanelStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", gap: "12px" },
  panel: {
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    overflowX: "auto",
  },
  toolbar: { borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, padding: "4px 8px", gap: "4px" },
  toolbarSpacer: { flexGrow: 1 },
  count: { color: tokens.colorNeutralForeground3, display: "flex", alignItems: "center", gap: "8px", paddingRight: "8px" },
});
