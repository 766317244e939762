"use client";

import { Caption1, makeStyles, Text, tokens, Tooltip } from "@fluentui/react-components";
import { ORGANIZATION_NOUN, type ConnectorView } from "@/lib/schemas/connectors";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: "2px", minWidth: 0 },
  names: { overflowWrap: "anywhere" },
  muted: { color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
  trigger: {
    display: "flex",
    flexDirection: "column",
    gap: "2px",
    borderRadius: tokens.borderRadiusSmall,
    ":focus-visible": { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: "1px" },
  },
  tooltipList: { margin: 0, paddingLeft: "16px" },
});

const SHOWN = 2;

/** "3: contoso-web, fabrikam, …", or "All existing and future"; every name in a tooltip when some are cut. */
export function namesLine(names: readonly string[], shown = SHOWN): string {
  if (names.length === 0) return "None yet";
  const head = names.slice(0, shown).join(", ");
  return `${names.length}: ${head}${names.length > shown ? ", …" : ""}`;
}

export function OrganizationsSummary({ connector }: { connector: ConnectorView }) {
  const styles = useStyles();
  const noun = ORGANIZATION_NOUN[connector.provider];
  const names = connector.organizations.list.map((o) => o.name);
  const future = connector.organizations.mode === "ALL_EXISTING_AND_FUTURE";

  const body = future ? (
    <>
      <Text>All existing and future</Text>
      <Caption1 className={styles.muted}>{names.length === 0 ? `No ${noun.many} discovered yet` : `Now ${namesLine(names)}`}</Caption1>
    </>
  ) : (
    <>
      <Text className={styles.names}>{namesLine(names)}</Text>
      {connector.organizations.mode === "ALL_EXISTING" ? <Caption1 className={styles.muted}>All existing</Caption1> : null}
    </>
  );

  if (names.length <= SHOWN) return <span className={styles.root}>{body}</span>;
  return (
    <Tooltip
      relationship="description"
      withArrow
      content={
        <ul className={styles.tooltipList} aria-label={`All ${noun.many} of ${connector.name}`}>
          {names.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      }
    >
      {/* Focusable so keyboard users get the full list too. */}
      <span tabIndex={0} className={styles.trigger}>
        {body}
      </span>
    </Tooltip>
  );
}
